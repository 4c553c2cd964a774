import { InputError } from '@backstage/errors';
import {
  tenantSpecSchema,
  TenantSpec,
} from '@internal/backstage-plugin-tenants-common';

/** Parses a tenant spec from action input, failing naming every invalid field. */
export function parseTenantSpec(input: unknown): TenantSpec {
  const result = tenantSpecSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      i => `${i.path.join('.') || 'spec'}: ${i.message}`,
    );
    throw new InputError(
      `Invalid tenant specification: ${problems.join('; ')}`,
    );
  }
  return result.data;
}
