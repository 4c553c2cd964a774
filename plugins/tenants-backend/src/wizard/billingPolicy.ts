import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  billingPolicyViolations,
  DEFAULT_BILLING_POLICY,
  resolveBillingPolicy,
  type BillingPolicy,
  type BillingPolicySubject,
} from '@internal/backstage-plugin-tenants-common';

export type { BillingPolicy };

/** The billing-tier policy of config `tenants.billingPolicy`, defaults filled in. */
export function billingPolicyFromConfig(config: Config): BillingPolicy {
  return resolveBillingPolicy(config.getOptional('tenants.billingPolicy'));
}

/**
 * Throws a 400 InputError with one field error per billing-policy violation
 * of the spec (fields named like the request's other field errors, e.g.
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
  const fields = violations.map(v => ({
    field: [specField, ...v.path].join('.'),
    message: v.message,
  }));
  const error = new InputError(
    `Invalid ${options.what ?? 'request body'}: ${fields
      .map(f => `${f.field}: ${f.message}`)
      .join('; ')}`,
  );
  throw Object.assign(error, { fields });
}
