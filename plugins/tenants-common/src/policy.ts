import { z } from 'zod';
import { BILLING_TIERS, RESOURCE_TIERS } from './spec';

/** @public */
export type BillingTier = (typeof BILLING_TIERS)[number];

/** What one billing tier may take (config `tenants.billingPolicy.<tier>`). @public */
export const tierPolicySchema = z
  .object({
    resourceTiers: z
      .array(z.enum(RESOURCE_TIERS))
      .min(1, 'A billing tier must allow at least one resource tier'),
    dedicatedCompute: z.boolean(),
    gpu: z.boolean(),
  })
  .strict();

/** @public */
export type TierPolicy = z.infer<typeof tierPolicySchema>;

/** The billing-tier policy; also the body of `GET /v1/policy`. @public */
export const billingPolicySchema = z
  .object({
    billingTiers: z
      .object({
        starter: tierPolicySchema,
        professional: tierPolicySchema,
        enterprise: tierPolicySchema,
      })
      .strict(),
  })
  .strict();

/** @public */
export type BillingPolicy = z.infer<typeof billingPolicySchema>;

/**
 * The policy when config sets nothing: Starter cannot take Large resources,
 * dedicated compute or GPUs; Professional can take every resource tier and
 * dedicated compute but no GPUs; Enterprise can take everything.
 *
 * @public
 */
export const DEFAULT_BILLING_POLICY: BillingPolicy = {
  billingTiers: {
    starter: {
      resourceTiers: ['small', 'medium'],
      dedicatedCompute: false,
      gpu: false,
    },
    professional: {
      resourceTiers: ['small', 'medium', 'large'],
      dedicatedCompute: true,
      gpu: false,
    },
    enterprise: {
      resourceTiers: ['small', 'medium', 'large'],
      dedicatedCompute: true,
      gpu: true,
    },
  },
};

const partialTierSchema = tierPolicySchema.partial();
const billingPolicyConfigSchema = z
  .object({
    starter: partialTierSchema.optional(),
    professional: partialTierSchema.optional(),
    enterprise: partialTierSchema.optional(),
  })
  .strict();

/**
 * The billing policy from the value of config `tenants.billingPolicy` (which
 * may set any subset of tiers and keys; the rest keeps its default). Throws
 * naming every invalid key.
 *
 * @public
 */
export function resolveBillingPolicy(configValue: unknown): BillingPolicy {
  const parsed = billingPolicyConfigSchema.safeParse(configValue ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid tenants.billingPolicy config: ${parsed.error.issues
        .map(i =>
          i.code === 'unrecognized_keys'
            ? `${[...i.path, ...i.keys].join('.')}: unknown key`
            : `${i.path.join('.')}: ${i.message}`,
        )
        .join('; ')}`,
    );
  }
  const billingTiers = Object.fromEntries(
    BILLING_TIERS.map(tier => [
      tier,
      {
        ...DEFAULT_BILLING_POLICY.billingTiers[tier],
        ...parsed.data[tier],
      },
    ]),
  ) as BillingPolicy['billingTiers'];
  return { billingTiers };
}

/**
 * The parts of a tenant spec the billing policy constrains. Unset
 * infrastructure fields take the spec's defaults (medium, no dedicated
 * compute, no GPU), so wizard form data can be checked as it is.
 *
 * @public
 */
export interface BillingPolicySubject {
  details: { billingTier: BillingTier };
  infrastructure?: {
    resourceTier?: (typeof RESOURCE_TIERS)[number];
    dedicatedCompute?: boolean;
    gpuEnabled?: boolean;
  };
}

/** One thing a spec asks for that its billing tier does not allow. @public */
export interface BillingPolicyViolation {
  /** Path of the offending field within the spec, e.g. `['infrastructure', 'gpuEnabled']`. */
  path: string[];
  message: string;
}

const title = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

function tiersAllowing(
  policy: BillingPolicy,
  allows: (tier: TierPolicy) => boolean,
): string {
  const tiers = BILLING_TIERS.filter(t => allows(policy.billingTiers[t])).map(
    title,
  );
  return tiers.length > 0
    ? `available on ${tiers.join(', ')}`
    : 'not available on any tier';
}

/**
 * What the spec asks for that its billing tier does not allow, one entry per
 * field, with a message a person can act on. Empty when the spec complies.
 *
 * @public
 */
export function billingPolicyViolations(
  spec: BillingPolicySubject,
  policy: BillingPolicy,
): BillingPolicyViolation[] {
  const billingTier = spec.details.billingTier;
  const tier = policy.billingTiers[billingTier];
  if (!tier) {
    return [];
  }
  const tierName = `the ${title(billingTier)} tier`;
  const resourceTier = spec.infrastructure?.resourceTier ?? 'medium';
  const violations: BillingPolicyViolation[] = [];
  if (!tier.resourceTiers.includes(resourceTier)) {
    violations.push({
      path: ['infrastructure', 'resourceTier'],
      message: `The ${title(
        resourceTier,
      )} resource tier is not available on ${tierName}; choose ${tier.resourceTiers
        .map(title)
        .join(' or ')} (${title(resourceTier)} is ${tiersAllowing(policy, t =>
        t.resourceTiers.includes(resourceTier),
      )})`,
    });
  }
  if (spec.infrastructure?.dedicatedCompute && !tier.dedicatedCompute) {
    violations.push({
      path: ['infrastructure', 'dedicatedCompute'],
      message: `Dedicated compute is not available on ${tierName} (${tiersAllowing(
        policy,
        t => t.dedicatedCompute,
      )})`,
    });
  }
  if (spec.infrastructure?.gpuEnabled && !tier.gpu) {
    violations.push({
      path: ['infrastructure', 'gpuEnabled'],
      message: `GPU is not available on ${tierName} (${tiersAllowing(
        policy,
        t => t.gpu,
      )})`,
    });
  }
  return violations;
}
