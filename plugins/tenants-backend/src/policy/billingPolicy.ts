import type { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  billingPolicyViolations,
  changedFields,
  DEFAULT_BILLING_POLICY,
  resolveBillingPolicy,
  type BillingPolicy,
  type BillingPolicySubject,
  type BillingPolicyViolation,
  type TenantChanges,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { invalidFields } from '../validation/FieldsInputError';

export type { BillingPolicy };

/** The billing-tier policy of config `tenants.billingPolicy`, defaults filled in. */
export function billingPolicyFromConfig(config: Config): BillingPolicy {
  return resolveBillingPolicy(config.getOptional('tenants.billingPolicy'));
}

/**
 * Throws a 400 with one field error per billing-policy violation of the spec
 * (fields named like the request's other field errors, e.g.
 * `spec.infrastructure.gpuEnabled`).
 */
export function assertBillingPolicy(
  spec: BillingPolicySubject,
  policy: BillingPolicy = DEFAULT_BILLING_POLICY,
  options: { specField?: string; what?: string } = {},
): void {
  const violations = billingPolicyViolations(spec, policy);
  if (violations.length === 0) {
    return;
  }
  const specField = options.specField ?? 'spec';
  throw invalidFields(
    options.what ?? 'request body',
    violations.map(v => ({
      field: [specField, ...v.path].join('.'),
      message: v.message,
    })),
  );
}

const BILLING_TIER_FIELD = 'details.billingTier';

/**
 * The violations of the spec a change leads to, in the fields the change
 * touches; a new billing tier answers for every violation it leads to.
 */
function changeViolations(
  target: TenantSpec,
  changes: TenantChanges,
  policy: BillingPolicy,
): BillingPolicyViolation[] {
  const touched = changedFields(changes);
  if (touched.includes(BILLING_TIER_FIELD)) {
    return billingPolicyViolations(target, policy);
  }
  return billingPolicyViolations(target, policy).filter(v =>
    touched.includes(v.path.join('.')),
  );
}

/**
 * Filing a change request: a 400 with one field error (`changes.<field>`)
 * per violation the change introduces; violations of fields the request
 * leaves as they are fall on the billing tier it changes.
 */
export function assertChangeAllowed(
  target: TenantSpec,
  changes: TenantChanges,
  policy: BillingPolicy,
): void {
  const violations = changeViolations(target, changes, policy);
  if (violations.length === 0) return;
  const touched = changedFields(changes);
  throw invalidFields(
    'request body',
    violations.map(v => ({
      field: `changes.${
        touched.includes(v.path.join('.'))
          ? v.path[v.path.length - 1]
          : 'billingTier'
      }`,
      message: v.message,
    })),
  );
}

/** Approving a change request: a 409 when the policy no longer allows the change. */
export function assertChangeStillAllowed(
  target: TenantSpec,
  changes: TenantChanges,
  policy: BillingPolicy,
): void {
  const violations = changeViolations(target, changes, policy);
  if (violations.length === 0) return;
  throw new ConflictError(
    `The billing policy no longer allows this change: ${violations
      .map(v => v.message)
      .join('; ')}`,
  );
}
