import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { tenantsPlugin } from './plugin';

const { databases } = createTestDatabases();

describe('tenantsPlugin with a bad tenants.clusters', () => {
  async function start(tenants: object) {
    const knex = await databases.init('SQLITE_3');
    return startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: { tenants } }),
      ],
    });
  }

  it('stops at start when no cluster is configured', async () => {
    await expect(start({})).rejects.toThrow(
      "Missing required config value at 'tenants.clusters'",
    );
    await expect(start({ clusters: [] })).rejects.toThrow(
      "Missing required config value at 'tenants.clusters'",
    );
  });

  it('stops at start on a cluster with an unknown provider', async () => {
    await expect(
      start({
        clusters: [{ name: 'onprem', provider: 'openstack', regions: ['dc1'] }],
      }),
    ).rejects.toThrow(
      "Invalid config at 'tenants.clusters[0].provider': 'openstack' is not a provider tenants can be provisioned on; use one of azure, aws, gcp",
    );
  });

  it('stops at start on a cluster without a name', async () => {
    await expect(
      start({ clusters: [{ provider: 'aws', regions: ['us-east-1'] }] }),
    ).rejects.toThrow(
      "Missing required config value at 'tenants.clusters[0].name'",
    );
  });

  it('stops at start on an invalid tenants.initialData name', async () => {
    await expect(
      start({
        clusters: [{ name: 'aks', provider: 'azure', regions: ['westeurope'] }],
        initialData: {
          postgres: { databases: [{ name: 'app', schemas: ['a;b'] }] },
        },
      }),
    ).rejects.toThrow(
      "Invalid config at 'tenants.initialData.postgres.databases[0].schemas[0]': 'a;b' is not allowed",
    );
  });
});
