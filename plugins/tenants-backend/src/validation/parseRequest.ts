import { z } from 'zod';
import { tenantIdSchema } from '@tenant-platform/backstage-plugin-tenants-common';
import { FieldError, invalidFields } from './FieldsInputError';

function fieldName(path: PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/**
 * Parses a request part with a zod schema. On failure throws a
 * {@link FieldsInputError} (400) whose message lists every field problem and
 * whose `fields` has them one by one.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const fields: FieldError[] = result.error.issues.flatMap(issue =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map(key => ({
          field: fieldName([...issue.path, key]),
          message: `Unknown field '${key}'`,
        }))
      : [{ field: fieldName(issue.path) || what, message: issue.message }],
  );
  throw invalidFields(what, fields);
}

/** A tenant id path parameter; 400 when it is not a UUID. */
export function parseTenantId(raw: unknown): string {
  return parseRequest(tenantIdSchema, raw, 'tenant id');
}
