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

/** The violations of the spec a change leads to, in the fields the change touches. */
function changeViolations(
  target: TenantSpec,
  changes: TenantChanges,
  policy: BillingPolicy,
): BillingPolicyViolation[] {
  const touched = changedFields(changes);
  return billingPolicyViolations(target, policy).filter(v =>
    touched.includes(v.path.join('.')),
  );
}

/** Filing a change request: a 400 with one field error (`changes.<field>`) per violation the change introduces. */
export function assertChangeAllowed(
  target: TenantSpec,
  changes: TenantChanges,
  policy: BillingPolicy,
): void {
  const violations = changeViolations(target, changes, policy);
  if (violations.length === 0) return;
  throw invalidFields(
    'request body',
    violations.map(v => ({
      field: `changes.${v.path[v.path.length - 1]}`,
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
