import { InputError } from '@backstage/errors';
import {
  IDENTIFIER_PATTERN,
  tenantSpecSchema,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { NEAREST_REGION } from '@tenant-platform/backstage-plugin-tenants-node';

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

/**
 * Parses the spec of a registered tenant's run: its region must be the one
 * tenant:register picked, since labels, names and DNS records carry it.
 */
export function parseRegisteredTenantSpec(input: unknown): TenantSpec {
  const spec = parseTenantSpec(input);
  if (spec.infrastructure.region === NEAREST_REGION) {
    throw new InputError(
      `The tenant's region is still "${NEAREST_REGION}": pass the spec that tenant:register outputs (\${{ steps.register.output.spec }}), where it is resolved`,
    );
  }
  return spec;
}

/** The longest a tenant id (a UUID, or `dry-run`) may be. */
export const TENANT_ID_MAX_LENGTH = 128;

/** @see parseTenantId */
export const TENANT_ID_MESSAGE = `Tenant id must be the tenantId output of tenant:register: letters, digits, '.', '_' and '-', at most ${TENANT_ID_MAX_LENGTH} characters`;

/**
 * Checks the tenant id input of a per-tenant action. The scaffolder checks
 * it against the action's schema too; checking again here keeps a path
 * (`..`) out of the Tenant Service URLs and checkpoint keys whoever calls.
 */
export function parseTenantId(input: unknown): string {
  if (
    typeof input !== 'string' ||
    input.length > TENANT_ID_MAX_LENGTH ||
    !IDENTIFIER_PATTERN.test(input)
  ) {
    throw new InputError(TENANT_ID_MESSAGE);
  }
  return input;
}

/** The longest readiness timeout an action input may ask for: a day (timers overflow far beyond). */
export const MAX_READINESS_TIMEOUT_SECONDS = 86_400;

/** @see parseReadinessTimeoutSeconds */
export const READINESS_TIMEOUT_MESSAGE = `readinessTimeoutSeconds must be a whole number of seconds from 1 to ${MAX_READINESS_TIMEOUT_SECONDS}`;

/** Checks an optional `readinessTimeoutSeconds` input; undefined when not given. */
export function parseReadinessTimeoutSeconds(
  input: unknown,
): number | undefined {
  if (input === undefined) return undefined;
  if (
    typeof input !== 'number' ||
    !Number.isInteger(input) ||
    input < 1 ||
    input > MAX_READINESS_TIMEOUT_SECONDS
  ) {
    throw new InputError(READINESS_TIMEOUT_MESSAGE);
  }
  return input;
}
