import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { resolveBillingPolicy } from '@tenant-platform/backstage-plugin-tenants-common';
import { createValidateTenantAction } from './tenantValidate';

const spec = {
  details: {
    name: 'Acme Analytics',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: { cloudProvider: 'aws' },
  modules: {},
  security: {
    authMethod: 'saml',
    mfaPolicy: 'optional',
    allowedCidrs: ['203.0.113.0/24'],
  },
};

describe('tenant:validate', () => {
  const action = createValidateTenantAction();

  it('outputs the normalized spec and logs a summary without secrets', async () => {
    const ctx = createMockActionContext({ input: { spec } });
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('slug', 'acme');
    expect(ctx.output).toHaveBeenCalledWith(
      'spec',
      expect.objectContaining({
        infrastructure: {
          cloudProvider: 'aws',
          region: 'nearest',
          resourceTier: 'medium',
          dedicatedCompute: false,
          gpuEnabled: false,
        },
        modules: {
          core: true,
          bi: true,
          ml: false,
          dataPlatform: false,
          contextGraph: true,
        },
      }),
    );
  });

  it('fails naming every invalid field', async () => {
    const ctx = createMockActionContext({
      input: {
        spec: {
          ...spec,
          details: { ...spec.details, slug: 'Bad-Slug', adminEmail: 'nope' },
        },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Invalid tenant specification: details.slug: Slug must start with a lowercase letter and contain only lowercase letters and digits; details.adminEmail: Admin email must be a valid email address',
    );
  });

  it('rejects what the billing tier does not allow, by the default policy', async () => {
    const ctx = createMockActionContext({
      input: {
        spec: {
          ...spec,
          details: { ...spec.details, billingTier: 'starter' },
          infrastructure: {
            cloudProvider: 'aws',
            resourceTier: 'large',
            gpuEnabled: true,
          },
        },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Invalid tenant specification: infrastructure.resourceTier: The Large resource tier is not available on the Starter tier; choose Small or Medium (Large is available on Professional, Enterprise); infrastructure.gpuEnabled: GPU is not available on the Starter tier (available on Enterprise)',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('applies the configured billing policy', async () => {
    const gpuSpec = {
      ...spec,
      infrastructure: { cloudProvider: 'aws', gpuEnabled: true },
    };
    const rejected = createMockActionContext({ input: { spec: gpuSpec } });
    await expect(action.handler(rejected)).rejects.toThrow(
      'infrastructure.gpuEnabled: GPU is not available on the Professional tier',
    );

    const configured = createValidateTenantAction({
      billingPolicy: resolveBillingPolicy({ professional: { gpu: true } }),
    });
    const ctx = createMockActionContext({ input: { spec: gpuSpec } });
    await configured.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('slug', 'acme');
  });
});
