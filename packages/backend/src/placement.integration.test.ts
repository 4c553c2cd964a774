import { mockServices } from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  dnsResolverFor,
  loadKubernetesClient,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { createCatalogCapture } from './__testUtils__/catalogCapture';
import { requestApproveApply } from './__testUtils__/changeRequests';
import { untilNameGone } from './__testUtils__/dns';
import { startFaultCluster } from './faults/__testUtils__/faultCluster';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import {
  requireDnsResolver,
  requireKubeconfigPath,
  tearDownTenants,
  type KubeConfig,
} from './__testUtils__/localCluster';
import {
  changedBetween,
  snapshotTenantObjects,
} from './__testUtils__/objectSnapshots';
import {
  teardownSpecFor,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import {
  kubernetesPluginCluster,
  localClusterNameOf,
  requireSecondKubeconfigPath,
  slowRoute,
} from './__testUtils__/secondCluster';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * Placement across the two local test clusters, end to end in one backend:
 * "Nearest" picks the cluster with the lowest measured API round trip (the
 * other one is reached through a proxy that delays every packet); each
 * tenant lands on its cluster and only there, its catalog entity and the
 * Kubernetes plugin show that cluster, a change request and a rollback touch
 * only that cluster, and a cluster whose API server is down makes placement
 * and the dry run say so within seconds.
 */

jest.setTimeout(900_000);

const near = `pn${uniqueSuffix()}`; // "Nearest": the second cluster
const far = `pf${uniqueSuffix()}`; // westeurope: the first cluster, behind the slow route
const firstKubeconfig = requireKubeconfigPath();
const secondKubeconfig = requireSecondKubeconfigPath();

const inRegion = (spec: TenantSpec, region: string): TenantSpec => ({
  ...spec,
  infrastructure: { ...spec.infrastructure, region },
});

let stack: FullStack;
let slow: Awaited<ReturnType<typeof slowRoute>>;
let second: KubeConfig;
const catalog = createCatalogCapture();
const api = () => stack.api();
const admin = as(PLATFORM_ADMIN);

beforeAll(async () => {
  slow = await slowRoute(firstKubeconfig, 150);
  const clusters = [
    {
      name: 'azure-weu',
      provider: 'azure',
      regions: ['westeurope'],
      kubeconfigPath: slow.kubeconfigPath,
    },
    {
      name: 'azure-neu',
      provider: 'azure',
      regions: ['northeurope'],
      kubeconfigPath: secondKubeconfig,
    },
  ];
  const registry = ClusterRegistry.fromConfig(
    mockServices.rootConfig({ data: { tenants: { clusters } } }),
  );
  second = await registry.kubeConfig('azure-neu');
  stack = await startFullStack({
    cluster: 'azure-weu',
    kubeconfigPath: slow.kubeconfigPath,
    readinessTimeoutSeconds: 180,
    templates: ['tenant-provisioning', 'tenant-change'],
    tenants: {
      clusters,
      // Measured again after a second, so that a cluster going down shows.
      placement: { roundTripTimeoutMs: 1500, cacheSeconds: 1 },
    },
    config: {
      kubernetes: {
        serviceLocatorMethod: { type: 'singleTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              await kubernetesPluginCluster(
                'azure-weu',
                await registry.kubeConfig('azure-weu'),
              ),
              await kubernetesPluginCluster('azure-neu', second),
            ],
          },
        ],
      },
    },
    features: [catalog.feature, kubernetesPlugin],
    catalogEntities: () => catalog.entities,
    extensionPoints: [catalog.extensionPoint],
  });
});

afterAll(async () => {
  await stack?.stop(); // tears down `far` (on the first cluster)
  if (second) await tearDownTenants(second, [near]);
  await slow?.close();
});

describe('placement across two clusters', () => {
  it('places, shows, changes and rolls back each tenant on its own cluster only', async () => {
    // The region picker: both clusters answer, the second one faster.
    const placement = await api()
      .get('/api/tenants/v1/placement?provider=azure')
      .set(admin);
    expect(placement.status).toBe(200);
    expect(placement.body.nearest).toMatchObject({
      cluster: 'azure-neu',
      region: 'northeurope',
      basis: 'round-trip',
    });
    const [weu, neu] = placement.body.clusters;
    expect(weu).toMatchObject({ cluster: 'azure-weu', reachable: true });
    expect(neu).toMatchObject({ cluster: 'azure-neu', reachable: true });
    expect(weu.roundTripMs).toBeGreaterThan(neu.roundTripMs);

    const tasks = await Promise.all([
      stack.startProvisioning(admin, {
        slug: near,
        values: { region: 'nearest', dataSources: [] },
      }),
      stack.startProvisioning(admin, {
        slug: far,
        values: { region: 'westeurope', dataSources: [] },
      }),
    ]);
    const events = await Promise.all(
      tasks.map(id => untilCompleted(api, id, admin)),
    );
    for (const id of tasks) {
      expect(await taskStatus(api, id, admin)).toBe('completed');
    }
    // Validation checked each tenant's certificate and DNS name.
    expect(logMessages(events[0])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^certificate\/tenant-tls ready +\| pass/),
        expect.stringMatching(
          new RegExp(`^dns/${near}\\.tenants\\.localhost +\\| pass`),
        ),
      ]),
    );

    // Each tenant is recorded with, and runs on, its cluster and region.
    const nearId = await tenantIdOf(api, near, admin);
    const nearTenant = (
      await api().get(`/api/tenants/v1/tenants/${nearId}`).set(admin)
    ).body;
    expect(nearTenant).toMatchObject({ cluster: 'azure-neu' });
    expect(nearTenant.spec.infrastructure.region).toBe('northeurope');
    const k8sNamespaces = async (kubeConfig: KubeConfig) => {
      const { CoreV1Api } = await loadKubernetesClient();
      const list = await kubeConfig
        .makeApiClient(CoreV1Api)
        .listNamespace({ labelSelector: 'tenants.dev/tenant' });
      return new Map(
        list.items.map(n => [n.metadata!.name!, n.metadata!.labels ?? {}]),
      );
    };
    const onSecond = await k8sNamespaces(second);
    const onFirst = await k8sNamespaces(stack.kubeConfig);
    expect(onSecond.get(tenantNamespaceName(near))).toMatchObject({
      'tenants.dev/region': 'northeurope',
    });
    expect(onFirst.has(tenantNamespaceName(near))).toBe(false);
    expect(onFirst.get(tenantNamespaceName(far))).toMatchObject({
      'tenants.dev/region': 'westeurope',
    });
    expect(onSecond.has(tenantNamespaceName(far))).toBe(false);

    // The catalog entity names the cluster, and the Kubernetes plugin (the
    // entity's Kubernetes tab) asks that cluster only and finds the pods.
    const entity = catalog.entities
      .filter(e => e.kind === 'Resource' && e.metadata.name === near)
      .at(-1)!;
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-cluster': 'azure-neu',
      'tenants.dev/cluster': 'azure-neu',
      'tenants.dev/region': 'northeurope',
    });
    const tab = await api()
      .post(`/api/kubernetes/services/${near}`)
      .set(admin)
      .send({ entity });
    expect(tab.status).toBe(200);
    expect(tab.body.items.map((i: any) => i.cluster.name)).toEqual([
      'azure-neu',
    ]);
    const pods = tab.body.items[0].resources.find(
      (r: any) => r.type === 'pods',
    ).resources;
    expect(pods.length).toBeGreaterThan(0);
    expect(
      pods.every(
        (p: any) => p.metadata.namespace === tenantNamespaceName(near),
      ),
    ).toBe(true);

    // A change request of `near` changes objects on the second cluster and
    // nothing of `far` on the first.
    const farBefore = await snapshotTenantObjects(stack.kubeConfig, far);
    const nearBefore = await snapshotTenantObjects(second, near);
    await requestApproveApply(
      api,
      nearId,
      { allowedCidrs: ['198.51.100.0/24'] },
      'Another office',
    );
    expect(
      changedBetween(nearBefore, await snapshotTenantObjects(second, near)),
    ).toContain('ingress/tenant');
    expect(
      changedBetween(
        farBefore,
        await snapshotTenantObjects(stack.kubeConfig, far),
      ),
    ).toEqual([]);

    // Rolling `near` back removes it from the second cluster, record and
    // certificate Secret included, and leaves `far` as it was.
    const rollback = await api()
      .post(`/api/tenants/v1/tenants/${nearId}/rollback`)
      .set(admin);
    expect(rollback.status).toBe(202);
    await stack.signals.waitFor(
      m => m.tenantId === nearId && m.state === 'rolled_back',
    );
    expect((await k8sNamespaces(second)).has(tenantNamespaceName(near))).toBe(
      false,
    );
    expect(
      changedBetween(
        farBefore,
        await snapshotTenantObjects(stack.kubeConfig, far),
      ),
    ).toEqual([]);
    await expect(
      untilNameGone(requireDnsResolver(), `${near}.tenants.localhost`),
    ).resolves.toMatchObject({ code: 'ENOTFOUND' });
    await expect(
      dnsResolverFor(requireDnsResolver())(`${far}.tenants.localhost`, 4),
    ).resolves.toEqual(['127.0.0.1']);
  });

  it('says within seconds that a cluster is down, in placement and in the dry run', async () => {
    const cluster = await startFaultCluster(
      localClusterNameOf(secondKubeconfig),
      { volumes: 300 },
    );
    await cluster.stopApiserver({ crash: true });
    try {
      let started = Date.now();
      const placement = await api()
        .get('/api/tenants/v1/placement?provider=azure')
        .set(admin);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(placement.body.clusters).toEqual([
        expect.objectContaining({ cluster: 'azure-weu', reachable: true }),
        { cluster: 'azure-neu', reachable: false },
      ]);
      expect(placement.body.nearest).toMatchObject({ cluster: 'azure-weu' });

      started = Date.now();
      const dryRun = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(admin)
        .send({
          cluster: 'azure-neu',
          spec: inRegion(teardownSpecFor(`pd${uniqueSuffix()}`), 'northeurope'),
        });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(dryRun.status).toBe(503);
      expect(dryRun.body.error.message).toMatch(
        /^Cluster 'azure-neu' does not answer \(no API round trip within 1500 ms\); the dry run needs it/,
      );
    } finally {
      await cluster.startApiserver();
    }
  });
});
