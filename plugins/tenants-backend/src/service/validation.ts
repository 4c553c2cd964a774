import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** One field problem of a rejected request. */
export interface FieldError {
  field: string;
  message: string;
}

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
 * Parses a request part with a zod schema. On failure throws an InputError
 * (400) whose message lists every field problem and whose `fields` property
 * (serialized into the error body) has them one by one.
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
  const error = new InputError(
    `Invalid ${what}: ${fields
      .map(f => (f.field === what ? f.message : `${f.field}: ${f.message}`))
      .join('; ')}`,
  );
  throw Object.assign(error, { fields });
}
