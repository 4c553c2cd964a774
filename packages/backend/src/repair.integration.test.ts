import {
  loadKubernetesClient,
  MANAGED_BY_LABEL,
  FIELD_MANAGER,
  TENANT_LABEL,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { requestApproveApply } from './__testUtils__/changeRequests';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { uniqueSuffix } from './__testUtils__/provisioningValues';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { namespaceReader } from './__testUtils__/tenantObjects';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN, TENANT_ADMIN } from './__testUtils__/users';

/**
 * Drift repaired end to end in one backend: a tenant provisioned by the real
 * scaffolder on the local Kubernetes control plane is changed by hand, the
 * drift check finds each change, and a platform admin's repair (and later a
 * tenant admin's change request asking for one) runs the `tenant-change`
 * template's task, after which the check finds the tenant in sync.
 */

jest.setTimeout(900_000);

let stack: FullStack;
const api = () => stack.api();
const slug = `rp${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-repair',
    readinessTimeoutSeconds: 180,
    templates: ['tenant-provisioning', 'tenant-change'],
  });
});

afterAll(() => stack?.stop());

async function kube() {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  return KubernetesObjectApi.makeApiClient(stack.kubeConfig);
}

const read = (apiVersion: string, kind: string, name: string) =>
  namespaceReader(stack.kubeConfig, namespace)(apiVersion, kind, name);

/** `kubectl edit`: a merge patch by another field manager. */
async function editByHand(object: object) {
  await (
    await kube()
  ).patch(
    object as any,
    undefined,
    undefined,
    'kubectl-edit',
    undefined,
    'application/merge-patch+json' as any,
  );
}

/** What someone with cluster access does by hand. */
async function changeByHand() {
  const client = await kube();
  await editByHand({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'tenant-config', namespace },
    spec: { replicas: 7 },
  });
  await client.delete({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-same-namespace', namespace },
  });
  await editByHand({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tenant-config', namespace },
    data: { 'tenant.json': '{"edited":true}' },
  });
  await client.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'stray-notes',
      namespace,
      labels: { [MANAGED_BY_LABEL]: FIELD_MANAGER, [TENANT_LABEL]: slug },
    },
    data: { note: 'created by hand' },
  } as any);
}

async function checkNow(tenantId: string) {
  const response = await api()
    .post(`/api/tenants/v1/tenants/${tenantId}/drift/check`)
    .set(as(TENANT_ADMIN));
  expect(response.status).toBe(200);
  return response.body;
}

describe('repairing drift through the scaffolder', () => {
  it('detects changes made by hand, repairs them as a platform admin and on a tenant admin’s request', async () => {
    const taskId = await stack.startProvisioning(as(PLATFORM_ADMIN), {
      slug,
      values: {
        name: `Repair ${slug}`,
        region: 'westeurope',
        resourceTier: 'small',
        dataSources: [],
      },
    });
    await untilCompleted(api, taskId, as(PLATFORM_ADMIN));
    expect(await taskStatus(api, taskId, as(PLATFORM_ADMIN))).toBe('completed');
    const tenantId = await tenantIdOf(api, slug, as(PLATFORM_ADMIN));
    expect((await checkNow(tenantId)).state).toBe('in_sync');

    await changeByHand();
    const drifted = await checkNow(tenantId);
    expect(drifted.state).toBe('drifted');
    expect(drifted.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'field',
          object: 'deployment/tenant-config',
          path: 'spec.replicas',
          live: 7,
        }),
        {
          type: 'missing',
          object: 'networkpolicy/allow-same-namespace',
          namespace,
          phase: 'namespace',
        },
        expect.objectContaining({
          type: 'field',
          object: 'configmap/tenant-config',
          path: 'data.tenant.json',
          live: '{"edited":true}',
        }),
        { type: 'unexpected', object: 'configmap/stray-notes', namespace },
      ]),
    );
    expect(drifted.differences).toHaveLength(4);

    // Who may repair is the permission suites' job (TenantRepairs.test.ts,
    // tenantAdminRights.test.ts): this backend allows everything.
    const repair = await api()
      .post(`/api/tenants/v1/tenants/${tenantId}/repair`)
      .set(as(PLATFORM_ADMIN))
      .send({ reason: 'Undo manual edits' });
    expect(repair.status).toBe(201);
    const repairTask = repair.body.scaffolderTaskId;
    const log = logMessages(
      await untilCompleted(api, repairTask, as(PLATFORM_ADMIN)),
    );
    expect(await taskStatus(api, repairTask, as(PLATFORM_ADMIN))).toBe(
      'completed',
    );
    expect(log).toContainEqual(
      expect.stringMatching(/^Repair: 4 difference\(s\):/),
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /^Repaired: phase\(s\) namespace, control-plane applied again, removed configmap\/stray-notes; the objects match the spec$/,
      ),
    );
    expect(
      (await read('apps/v1', 'Deployment', 'tenant-config')).spec.replicas,
    ).not.toBe(7);
    expect(
      await read(
        'networking.k8s.io/v1',
        'NetworkPolicy',
        'allow-same-namespace',
      ),
    ).toBeDefined();
    expect(
      (await read('v1', 'ConfigMap', 'tenant-config')).data['tenant.json'],
    ).not.toBe('{"edited":true}');
    expect(await read('v1', 'ConfigMap', 'stray-notes')).toBeUndefined();

    // The applied repair was checked again: the last check is in sync.
    const last = await api()
      .get(`/api/tenants/v1/tenants/${tenantId}/drift`)
      .set(as(TENANT_ADMIN));
    expect(last.body).toMatchObject({ state: 'in_sync', differences: [] });
    const tenant = (
      await api()
        .get(`/api/tenants/v1/tenants/${tenantId}`)
        .set(as(PLATFORM_ADMIN))
    ).body;
    expect(tenant).toMatchObject({ state: 'ready', specVersion: 1 });

    // A tenant admin asks for a repair by change request.
    await (
      await kube()
    ).delete({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-same-namespace', namespace },
    });
    const requested = await requestApproveApply(
      api,
      tenantId,
      { repair: true },
      'Our pods cannot reach each other',
    );
    expect(requested.log).toContainEqual(
      expect.stringMatching(/^Repaired: phase\(s\) namespace applied again;/),
    );
    expect((await checkNow(tenantId)).state).toBe('in_sync');

    const audit = await api()
      .get(`/api/tenants/v1/tenants/${tenantId}/audit?limit=100`)
      .set(as(PLATFORM_ADMIN));
    expect(
      audit.body.items.filter(
        (e: any) => e.action === 'tenant.repair' && e.outcome === 'success',
      ),
    ).toHaveLength(1);
  });
});
