import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  dryRunResponseSchema,
  placementResponseSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  loadKubernetesClient,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { specInputFor } from '../../__testUtils__/specs';
import { localAndDownClusters } from '../../__testUtils__/testCluster';
import { tenantsPlugin } from '../../plugin';

jest.setTimeout(120_000);

const asAdmin = {
  Authorization: mockCredentials.user.header('user:default/platform-admin'),
};

describe('wizard routes against the local cluster', () => {
  let server: any;
  let config: object;

  beforeAll(async () => {
    config = {
      tenants: {
        placement: { roundTripTimeoutMs: 1500 },
        clusters: await localAndDownClusters(),
      },
    };
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
  });

  it('resolves "Nearest" to the cluster that answers, with its measured round trip', async () => {
    const response = await request(server)
      .get('/api/tenants/v1/placement?provider=azure')
      .set(asAdmin);
    expect(response.status).toBe(200);
    expect(placementResponseSchema.parse(response.body)).toEqual({
      provider: 'azure',
      regions: [
        { region: 'northeurope', clusters: ['azure-down', 'azure-local'] },
        { region: 'westeurope', clusters: ['azure-local'] },
      ],
      nearest: {
        region: 'westeurope',
        cluster: 'azure-local',
        basis: 'round-trip',
        roundTripMs: expect.any(Number),
      },
      clusters: [
        { cluster: 'azure-down', reachable: false },
        {
          cluster: 'azure-local',
          reachable: true,
          roundTripMs: expect.any(Number),
        },
      ],
    });
  });

  it('refuses a dry run on a cluster that does not answer, promptly and naming it', async () => {
    const started = Date.now();
    const response = await request(server)
      .post('/api/tenants/v1/tenants/dry-run')
      .set(asAdmin)
      .send({
        cluster: 'azure-down',
        spec: specInputFor(`wizdown${Date.now().toString(36)}`, {
          infrastructure: {
            cloudProvider: 'azure',
            region: 'northeurope',
            resourceTier: 'small',
          },
        }),
      });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      "Cluster 'azure-down' does not answer (no API round trip within 1500 ms); the dry run needs it. Choose a region another cluster serves, or try again once it is back",
    );
  });

  it('dry-runs every phase on the nearest cluster and creates nothing', async () => {
    const slug = `wiz${Date.now().toString(36)}`;
    const response = await request(server)
      .post('/api/tenants/v1/tenants/dry-run')
      .set(asAdmin)
      .send({
        spec: specInputFor(slug, {
          infrastructure: { cloudProvider: 'azure', resourceTier: 'small' },
        }),
      });
    expect(response.status).toBe(200);
    const body = dryRunResponseSchema.parse(response.body);
    expect(body.cluster).toBe('azure-local');
    expect(body.namespace).toBe(`tenant-${slug}`);
    expect(body.phases).toHaveLength(8);
    expect(body.phases.filter(p => p.error)).toEqual([]);
    expect(body.phases[0].objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: `tenant-${slug}`,
      outcome: 'created',
    });

    const k8s = await loadKubernetesClient();
    const kubeConfig = await ClusterRegistry.fromConfig(
      new ConfigReader(config),
    ).kubeConfig('azure-local');
    await expect(
      kubeConfig
        .makeApiClient(k8s.CoreV1Api)
        .readNamespace({ name: `tenant-${slug}` }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
