import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ClusterRegistry,
  createRenderContext,
  loadKubernetesClient,
  teardownTenant,
  tenantNamespaceName,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { specFor } from '../__testUtils__/specs';
import {
  applyTenantObjects,
  localAndDownClusters,
} from '../__testUtils__/testCluster';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DriftStore } from '../database/DriftStore';
import { TenantStore } from '../database/TenantStore';
import { TenantGroups } from '../permissions/TenantGroups';
import { TenantDriftChecker } from './TenantDriftChecker';

jest.setTimeout(120_000);

const { databases } = createTestDatabases();
const context = createRenderContext();
const unique = Date.now().toString(36);

describe('TenantDriftChecker against the local cluster', () => {
  const inSyncSpec = specFor(`dcheck${unique}`);
  const drifting = specFor(`ddrift${unique}`);
  let kubeConfig: KubeConfig;
  let checker: TenantDriftChecker;
  let tenants: TenantStore;
  let drifts: DriftStore;
  const notifications = { send: jest.fn(async () => {}) };

  beforeAll(async () => {
    const clusters = ClusterRegistry.fromConfig(
      new ConfigReader({ tenants: { clusters: await localAndDownClusters() } }),
    );
    kubeConfig = await clusters.kubeConfig('azure-local');
    const db = await databases.init('SQLITE_3');
    tenants = await TenantStore.create({
      database: mockServices.database({ knex: db }),
    });
    drifts = new DriftStore(db);
    checker = new TenantDriftChecker({
      db,
      clusters,
      renderContext: context,
      logger: mockServices.logger.mock(),
      notifications,
      groups: TenantGroups.defaults,
    });
    for (const [spec, cluster] of [
      [inSyncSpec, 'azure-local'],
      [drifting, 'azure-local'],
      [specFor(`ddown${unique}`), 'azure-down'],
    ] as const) {
      const tenant = await tenants.createTenant({
        spec,
        cluster,
        createdBy: 'user:default/admin',
      });
      await tenants.setState(tenant.id, 'ready');
    }
    // Neither checked nor counted: not ready.
    await tenants.createTenant({
      spec: specFor(`dpending${unique}`),
      cluster: 'azure-local',
      createdBy: 'user:default/admin',
    });
    await applyTenantObjects(kubeConfig, inSyncSpec);
    await applyTenantObjects(kubeConfig, drifting);
  });

  afterAll(async () => {
    for (const spec of [inSyncSpec, drifting]) {
      await teardownTenant(kubeConfig, { spec, timeoutMs: 60_000 });
    }
  });

  const lastCheckOf = async (slug: string) =>
    drifts.get((await tenants.listTenants({ search: slug })).items[0]!.id);

  it('checks every ready tenant, keeps each result and notifies the platform admins once of a new drift', async () => {
    await expect(checker.checkAll()).resolves.toEqual({
      in_sync: 2,
      drifted: 0,
      unknown: 1,
    });
    await expect(lastCheckOf(inSyncSpec.details.slug)).resolves.toMatchObject({
      state: 'in_sync',
      differences: [],
      cluster: 'azure-local',
    });
    await expect(lastCheckOf(`ddown${unique}`)).resolves.toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining(
        'The cluster azure-down could not be read',
      ),
    });

    // Someone scales a Deployment by hand.
    const apps = kubeConfig.makeApiClient(
      (await loadKubernetesClient()).AppsV1Api,
    );
    const namespace = tenantNamespaceName(drifting.details.slug);
    const [deployment] = (await apps.listNamespacedDeployment({ namespace }))
      .items;
    await apps.patchNamespacedDeployment(
      {
        name: deployment.metadata!.name!,
        namespace,
        body: [{ op: 'replace', path: '/spec/replicas', value: 7 }],
      },
      undefined,
    );

    await expect(checker.checkAll()).resolves.toEqual({
      in_sync: 1,
      drifted: 1,
      unknown: 1,
    });
    const drifted = await lastCheckOf(drifting.details.slug);
    expect(drifted).toMatchObject({ state: 'drifted' });
    expect(drifted?.state === 'drifted' && drifted.differences).toContainEqual(
      expect.objectContaining({
        type: 'field',
        object: `deployment/${deployment.metadata!.name}`,
        path: 'spec.replicas',
        live: 7,
      }),
    );
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: TenantGroups.defaults.platformAdminGroups[0],
        },
        payload: expect.objectContaining({
          title: expect.stringContaining(
            `drifted: 1 difference on azure-local`,
          ),
          link: `/catalog/default/resource/${drifting.details.slug}`,
        }),
      }),
    );

    // Still drifted at the next round: no second notification.
    await checker.checkAll();
    expect(notifications.send).toHaveBeenCalledTimes(1);
  });
});
