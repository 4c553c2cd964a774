import {
  DEFAULT_BILLING_POLICY,
  tenantSpecSchema,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { assertChangeAllowed } from './billingPolicy';

const spec = (overrides: Partial<TenantSpec['infrastructure']>) =>
  tenantSpecSchema.parse({
    details: {
      name: 'Acme',
      slug: 'acme',
      billingTier: 'starter',
      adminEmail: 'admin@acme.example',
    },
    infrastructure: { resourceTier: 'large', ...overrides },
    modules: {},
    security: { authMethod: 'oidc', mfaPolicy: 'optional' },
  });

function fieldErrors(run: () => void) {
  try {
    run();
  } catch (error) {
    return (error as { fields?: unknown }).fields;
  }
  return undefined;
}

describe('assertChangeAllowed', () => {
  it('lays what a new billing tier no longer allows on the billing tier', () => {
    expect(
      fieldErrors(() =>
        assertChangeAllowed(
          spec({ gpuEnabled: true }),
          { billingTier: 'starter' },
          DEFAULT_BILLING_POLICY,
        ),
      ),
    ).toEqual([
      {
        field: 'changes.billingTier',
        message: expect.stringMatching(
          /^The Large resource tier is not available on the Starter tier/,
        ),
      },
      {
        field: 'changes.billingTier',
        message: expect.stringMatching(
          /^GPU is not available on the Starter tier/,
        ),
      },
    ]);
  });

  it('lays a violation on the field that causes it, and ignores old ones of untouched fields', () => {
    expect(
      fieldErrors(() =>
        assertChangeAllowed(
          spec({ gpuEnabled: true }),
          { gpuEnabled: true },
          DEFAULT_BILLING_POLICY,
        ),
      ),
    ).toEqual([
      {
        field: 'changes.gpuEnabled',
        message: expect.stringMatching(/^GPU is not available/),
      },
    ]);
    expect(
      fieldErrors(() =>
        assertChangeAllowed(
          spec({}),
          { mfaPolicy: 'required-all' },
          DEFAULT_BILLING_POLICY,
        ),
      ),
    ).toBeUndefined();
  });
});
