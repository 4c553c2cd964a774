import {
  BILLING_TIERS,
  billingPolicyViolations,
  type BillingPolicy,
  type BillingTier,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { labelOf } from './labels';

/**
 * The billing-policy checks of the wizard's fields. The messages are the
 * Tenant Service's own (`billingPolicyViolations` of tenants-common), which
 * applies the same policy again at the dry run and at register.
 */

/** What a billing tier may restrict. */
export type PolicyFeature = 'resourceTier' | 'dedicatedCompute' | 'gpu';

/** The infrastructure field (and wizard parameter) of each restricted feature. */
export const POLICY_PARAMETERS: Record<
  PolicyFeature,
  'resourceTier' | 'dedicatedCompute' | 'gpuEnabled'
> = {
  resourceTier: 'resourceTier',
  dedicatedCompute: 'dedicatedCompute',
  gpu: 'gpuEnabled',
};

function isBillingTier(value: unknown): value is BillingTier {
  return (BILLING_TIERS as readonly unknown[]).includes(value);
}

/**
 * Why a billing tier forbids a value of a feature, or undefined when it
 * allows it or the billing tier is not chosen yet.
 */
export function policyProblem(
  policy: BillingPolicy,
  billingTier: unknown,
  feature: PolicyFeature,
  value: unknown,
): string | undefined {
  if (!isBillingTier(billingTier)) {
    return undefined;
  }
  const parameter = POLICY_PARAMETERS[feature];
  // Only the feature's own field is checked; the others stay allowed.
  const allowedResourceTier = policy.billingTiers[billingTier].resourceTiers[0];
  const infrastructure =
    feature === 'resourceTier'
      ? {
          resourceTier:
            typeof value === 'string'
              ? (value as typeof allowedResourceTier)
              : allowedResourceTier,
        }
      : { resourceTier: allowedResourceTier, [parameter]: value === true };
  return billingPolicyViolations(
    { details: { billingTier }, infrastructure },
    policy,
  ).find(violation => violation.path[1] === parameter)?.message;
}

/** The billing tiers that allow a value, cheapest first, by display name. */
export function tiersAllowing(
  policy: BillingPolicy,
  feature: PolicyFeature,
  value: unknown,
): string[] {
  return BILLING_TIERS.filter(
    tier => !policyProblem(policy, tier, feature, value),
  ).map(tier => labelOf('billingTier', tier));
}
