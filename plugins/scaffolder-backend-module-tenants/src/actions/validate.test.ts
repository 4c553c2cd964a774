import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateTenantAction } from './validate';

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
});
