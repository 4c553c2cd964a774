import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  loadKubernetesClient,
  teardownTenant,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import request from 'supertest';
import { specInputFor } from '../../__testUtils__/specs';
import {
  applyTenantObjects,
  localAndDownClusters,
} from '../../__testUtils__/testCluster';
import { tenantsPlugin } from '../../plugin';

jest.setTimeout(120_000);

const asAdmin = {
  Authorization: mockCredentials.user.header('user:default/platform-admin'),
};
const unique = Date.now().toString(36);

describe('GET /v1/tenants/:id/drift and POST /v1/tenants/:id/drift/check against the local cluster', () => {
  let server: any;
  const applied: TenantSpec[] = [];
  let clusters: ClusterRegistry;

  const register = async (slug: string, cluster: string) => {
    const response = await request(server)
      .post('/api/tenants/v1/tenants')
      .set(asAdmin)
      .send({ spec: specInputFor(slug), cluster });
    expect(response.status).toBe(201);
    return response.body.tenant as { id: string; spec: TenantSpec };
  };

  const checkDrift = (id: string) =>
    request(server)
      .post(`/api/tenants/v1/tenants/${id}/drift/check`)
      .set(asAdmin);
  const lastCheck = (id: string) =>
    request(server).get(`/api/tenants/v1/tenants/${id}/drift`).set(asAdmin);

  beforeAll(async () => {
    const config = {
      tenants: {
        clusters: await localAndDownClusters(),
      },
    };
    clusters = ClusterRegistry.fromConfig(new ConfigReader(config));
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    const kubeConfig = await clusters.kubeConfig('azure-local');
    for (const spec of applied) {
      await teardownTenant(kubeConfig, { spec, timeoutMs: 60_000 });
    }
  });

  it('checks a provisioned tenant in sync, then names a field changed by hand; GET answers the last check without checking again', async () => {
    const tenant = await register(`drift${unique}`, 'azure-local');
    const kubeConfig = await clusters.kubeConfig('azure-local');
    const namespace = tenantNamespaceName(tenant.spec.details.slug);
    applied.push(tenant.spec);
    await applyTenantObjects(kubeConfig, tenant.spec);

    const never = await lastCheck(tenant.id);
    expect(never.status).toBe(200);
    expect(never.body).toEqual({ tenantId: tenant.id, state: 'unchecked' });

    const inSync = await checkDrift(tenant.id);
    expect(inSync.status).toBe(200);
    expect(inSync.body).toEqual({
      tenantId: tenant.id,
      cluster: 'azure-local',
      checkedAt: expect.any(String),
      state: 'in_sync',
      differences: [],
    });
    const kept = await lastCheck(tenant.id);
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual(inSync.body);

    const k8s = await loadKubernetesClient();
    await kubeConfig.makeApiClient(k8s.AppsV1Api).patchNamespacedDeployment(
      {
        name: 'tenant-config',
        namespace,
        fieldManager: 'kubectl-edit',
        body: { spec: { replicas: 4 } },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    // Until checked again, the last check is still the one in sync.
    expect((await lastCheck(tenant.id)).body).toEqual(inSync.body);

    const drifted = await checkDrift(tenant.id);
    expect(drifted.body.state).toBe('drifted');
    expect(drifted.body.differences).toEqual([
      {
        type: 'field',
        object: 'deployment/tenant-config',
        namespace,
        phase: 'control-plane',
        path: 'spec.replicas',
        live: 4,
        desired: expect.any(Number),
      },
    ]);
    expect((await lastCheck(tenant.id)).body).toEqual(drifted.body);

    // The list carries the summary and filters by it.
    const listed = await request(server)
      .get(
        `/api/tenants/v1/tenants?drift=drifted&search=${tenant.spec.details.slug}`,
      )
      .set(asAdmin);
    expect(listed.status).toBe(200);
    expect(listed.body.totalCount).toBe(1);
    expect(listed.body.items[0].drift).toEqual({
      state: 'drifted',
      differences: 1,
      checkedAt: drifted.body.checkedAt,
    });
  });

  it('answers unknown, naming the cluster and why, when its cluster cannot be reached, and keeps it', async () => {
    const tenant = await register(`driftdown${unique}`, 'azure-down');
    const response = await checkDrift(tenant.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      tenantId: tenant.id,
      cluster: 'azure-down',
      checkedAt: expect.any(String),
      state: 'unknown',
      reason: expect.stringMatching(
        /^The cluster azure-down could not be read: .*ECONNREFUSED 127\.0\.0\.1:\d+/,
      ),
    });
    expect((await lastCheck(tenant.id)).body).toEqual(response.body);
  });

  it('refuses to check a tenant without a cluster, which reads as never checked', async () => {
    const response = await request(server)
      .post('/api/tenants/v1/tenants')
      .set(asAdmin)
      .send({ spec: specInputFor(`driftnone${unique}`) });
    const id = response.body.tenant.id;
    const check = await checkDrift(id);
    expect(check.status).toBe(409);
    expect(check.body.error.message).toBe(
      `Tenant driftnone${unique} has no cluster yet; its drift can be checked once it is registered on one`,
    );
    expect((await lastCheck(id)).body).toEqual({
      tenantId: id,
      state: 'unchecked',
    });
  });
});
