import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ClusterRegistry } from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import { createRegisterTenantAction } from './tenantRegister';

const clusters = ClusterRegistry.fromConfig(
  new ConfigReader({
    tenants: {
      clusters: [
        {
          name: 'local',
          provider: 'azure',
          regions: ['westeurope'],
          preferred: true,
        },
        { name: 'aws-east', provider: 'aws', regions: ['us-east-1'] },
      ],
    },
  }),
);

const spec = {
  details: {
    name: 'Acme Analytics',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: {},
  modules: {},
  security: { authMethod: 'oidc', mfaPolicy: 'optional' },
};

function setup() {
  const tenantService = {
    register: jest.fn(async () => ({
      tenant: { id: 'tenant-1', slug: 'acme' },
      run: { id: 'run-1', attempt: 1 },
    })),
    isSlugAvailable: jest.fn(async () => ({ available: true })),
    reportPhase: jest.fn(),
  };
  const action = createRegisterTenantAction({
    clusters,
    tenantService: tenantService as unknown as TenantServiceClient,
  });
  return { tenantService, action };
}

describe('tenant:register', () => {
  it('registers on the cluster that serves the provider and resolves "nearest"', async () => {
    const { tenantService, action } = setup();
    const ctx = createMockActionContext({ input: { spec } });
    await action.handler(ctx);

    expect(tenantService.register).toHaveBeenCalledWith(
      expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/mock',
        }),
      }),
      expect.objectContaining({
        cluster: 'local',
        spec: expect.objectContaining({
          infrastructure: expect.objectContaining({ region: 'westeurope' }),
        }),
      }),
    );
    expect(ctx.output).toHaveBeenCalledWith('tenantId', 'tenant-1');
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'tenant-acme');
    expect(ctx.output).toHaveBeenCalledWith('cluster', 'local');
    expect(ctx.output).toHaveBeenCalledWith('region', 'westeurope');
    // The phases after it take this spec: labels and names carry the region picked.
    expect(ctx.output).toHaveBeenCalledWith(
      'spec',
      expect.objectContaining({
        details: expect.objectContaining({ slug: 'acme' }),
        infrastructure: expect.objectContaining({
          cloudProvider: 'azure',
          region: 'westeurope',
        }),
      }),
    );
  });

  it('on a cluster given by name, places "nearest" in its first region and refuses a region it does not serve', async () => {
    const { tenantService, action } = setup();
    const ctx = createMockActionContext({
      input: {
        spec: { ...spec, infrastructure: { cloudProvider: 'aws' } },
        cluster: 'aws-east',
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('region', 'us-east-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'spec',
      expect.objectContaining({
        infrastructure: expect.objectContaining({ region: 'us-east-1' }),
      }),
    );

    const elsewhere = createMockActionContext({
      input: {
        spec: {
          ...spec,
          infrastructure: { cloudProvider: 'aws', region: 'eu-west-1' },
        },
        cluster: 'aws-east',
      },
    });
    await expect(action.handler(elsewhere)).rejects.toThrow(
      "Cluster 'aws-east' does not serve region 'eu-west-1'; its regions: us-east-1",
    );
    expect(tenantService.register).toHaveBeenCalledTimes(1);
  });

  it('resolves "nearest" to the cluster with the lowest measured round trip when none is preferred', async () => {
    const roundTrips: Record<string, number> = { 'aws-a': 48, 'aws-b': 9 };
    const measured = new ClusterRegistry(
      [
        { name: 'aws-a', regions: ['us-east-1'] },
        { name: 'aws-b', regions: ['eu-west-1', 'eu-central-1'] },
      ].map(c => ({
        cluster: { ...c, provider: 'aws', preferred: false },
        connection: {},
      })),
      { measure: async ({ name }) => roundTrips[name] },
    );
    const tenantService = {
      register: jest.fn(async () => ({
        tenant: { id: 'tenant-2', slug: 'acme' },
        run: { id: 'run-2', attempt: 1 },
      })),
    };
    const action = createRegisterTenantAction({
      clusters: measured,
      tenantService: tenantService as unknown as TenantServiceClient,
    });
    const ctx = createMockActionContext({
      input: { spec: { ...spec, infrastructure: { cloudProvider: 'aws' } } },
    });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);
    expect(tenantService.register).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        cluster: 'aws-b',
        spec: expect.objectContaining({
          infrastructure: expect.objectContaining({ region: 'eu-west-1' }),
        }),
      }),
    );
    expect(info).toHaveBeenCalledWith(
      'Region "nearest" resolved to cluster aws-b (eu-west-1): lowest API round trip, 9 ms',
    );
  });

  it('rejects a region no cluster serves before registering anything', async () => {
    const { tenantService, action } = setup();
    const ctx = createMockActionContext({
      input: {
        spec: {
          ...spec,
          infrastructure: { cloudProvider: 'aws', region: 'eu-west-1' },
        },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "No aws cluster serves region 'eu-west-1'; configured regions: us-east-1",
    );
    expect(tenantService.register).not.toHaveBeenCalled();
  });

  it('only checks the slug on a dry run', async () => {
    const { tenantService, action } = setup();
    tenantService.isSlugAvailable.mockResolvedValueOnce({
      available: false,
      reason: "A tenant with slug 'acme' already exists",
    } as any);
    const ctx = {
      ...createMockActionContext({ input: { spec } }),
      isDryRun: true,
    };
    await expect(action.handler(ctx)).rejects.toThrow(
      "A tenant with slug 'acme' already exists",
    );
    expect(tenantService.register).not.toHaveBeenCalled();
  });
});
