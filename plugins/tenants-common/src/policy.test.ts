import {
  billingPolicySchema,
  billingPolicyViolations,
  DEFAULT_BILLING_POLICY,
  resolveBillingPolicy,
} from './policy';
import { tenantSpecSchema } from './spec';

const specWith = (
  billingTier: 'starter' | 'professional' | 'enterprise',
  infrastructure: object = {},
) =>
  tenantSpecSchema.parse({
    details: {
      name: 'Acme Analytics',
      slug: 'acme',
      billingTier,
      adminEmail: 'admin@acme.example',
    },
    infrastructure,
    modules: {},
    security: { authMethod: 'oidc', mfaPolicy: 'optional' },
  });

describe('billingPolicyViolations with the default policy', () => {
  const policy = DEFAULT_BILLING_POLICY;

  it('accepts what each tier allows', () => {
    expect(billingPolicyViolations(specWith('starter'), policy)).toEqual([]);
    expect(
      billingPolicyViolations(
        specWith('starter', { resourceTier: 'small' }),
        policy,
      ),
    ).toEqual([]);
    expect(
      billingPolicyViolations(
        specWith('professional', {
          resourceTier: 'large',
          dedicatedCompute: true,
        }),
        policy,
      ),
    ).toEqual([]);
    expect(
      billingPolicyViolations(
        specWith('enterprise', {
          resourceTier: 'large',
          dedicatedCompute: true,
          gpuEnabled: true,
        }),
        policy,
      ),
    ).toEqual([]);
  });

  it('names every field Starter cannot take, with the tiers that can', () => {
    expect(
      billingPolicyViolations(
        specWith('starter', {
          resourceTier: 'large',
          dedicatedCompute: true,
          gpuEnabled: true,
        }),
        policy,
      ),
    ).toEqual([
      {
        path: ['infrastructure', 'resourceTier'],
        message:
          'The Large resource tier is not available on the Starter tier; choose Small or Medium (Large is available on Professional, Enterprise)',
      },
      {
        path: ['infrastructure', 'dedicatedCompute'],
        message:
          'Dedicated compute is not available on the Starter tier (available on Professional, Enterprise)',
      },
      {
        path: ['infrastructure', 'gpuEnabled'],
        message:
          'GPU is not available on the Starter tier (available on Enterprise)',
      },
    ]);
  });

  it('requires Enterprise for GPUs', () => {
    expect(
      billingPolicyViolations(
        specWith('professional', { gpuEnabled: true }),
        policy,
      ),
    ).toEqual([
      {
        path: ['infrastructure', 'gpuEnabled'],
        message:
          'GPU is not available on the Professional tier (available on Enterprise)',
      },
    ]);
  });

  it('checks wizard form data with unset fields as their defaults', () => {
    expect(
      billingPolicyViolations({ details: { billingTier: 'starter' } }, policy),
    ).toEqual([]);
    const noMedium = resolveBillingPolicy({
      starter: { resourceTiers: ['small'] },
    });
    expect(
      billingPolicyViolations(
        { details: { billingTier: 'starter' }, infrastructure: {} },
        noMedium,
      ),
    ).toEqual([
      expect.objectContaining({ path: ['infrastructure', 'resourceTier'] }),
    ]);
  });
});

describe('resolveBillingPolicy', () => {
  it('is the default policy without config', () => {
    expect(resolveBillingPolicy(undefined)).toEqual(DEFAULT_BILLING_POLICY);
    expect(billingPolicySchema.parse(DEFAULT_BILLING_POLICY)).toEqual(
      DEFAULT_BILLING_POLICY,
    );
  });

  it('overrides only the configured keys', () => {
    const policy = resolveBillingPolicy({
      professional: { gpu: true },
      starter: { resourceTiers: ['small'] },
    });
    expect(policy.billingTiers).toEqual({
      starter: {
        resourceTiers: ['small'],
        dedicatedCompute: false,
        gpu: false,
      },
      professional: {
        resourceTiers: ['small', 'medium', 'large'],
        dedicatedCompute: true,
        gpu: true,
      },
      enterprise: DEFAULT_BILLING_POLICY.billingTiers.enterprise,
    });
    expect(
      billingPolicyViolations(
        specWith('professional', { gpuEnabled: true }),
        policy,
      ),
    ).toEqual([]);
  });

  it('rejects invalid config naming each key', () => {
    expect(() =>
      resolveBillingPolicy({
        starter: { resourceTiers: ['huge'] },
        platinum: {},
        enterprise: { resourceTiers: [] },
      }),
    ).toThrow(
      /^Invalid tenants.billingPolicy config: .*starter\.resourceTiers\.0: .*enterprise\.resourceTiers: A billing tier must allow at least one resource tier.*platinum: unknown key/,
    );
  });
});
