import {
  loadKubernetesClient,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { requestApproveApply as requestApproveApplyTo } from './__testUtils__/changeRequests';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { uniqueSuffix } from './__testUtils__/provisioningValues';
import { taskStatus, untilCompleted } from './__testUtils__/tasks';
import { namespaceReader } from './__testUtils__/tenantObjects';
import { pollTenant } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN, TENANT_ADMIN } from './__testUtils__/users';

/**
 * Change requests end to end in one backend: a tenant is provisioned by the
 * real scaffolder running the provisioning template against the local
 * Kubernetes control plane; then each change is filed by the tenant admin,
 * approved by a platform admin through the Tenant Service, applied by the
 * `tenant-change` template's task (started by the Tenant Service on the
 * approver's behalf through the scaffolder's API), and checked on the
 * cluster. Only the catalog (serving the templates) and the signals service
 * are stand-ins.
 */

jest.setTimeout(900_000);

let stack: FullStack;
const api = () => stack.api();

const slug = `cr${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);
let tenantId: string | undefined;

const read = (apiVersion: string, kind: string, name: string) =>
  namespaceReader(stack.kubeConfig, namespace)(apiVersion, kind, name);

const tenant = async () =>
  (
    await api()
      .get(`/api/tenants/v1/tenants/${tenantId}`)
      .set(as(PLATFORM_ADMIN))
  ).body;

/**
 * Files a change as the tenant admin, approves it as a platform admin and
 * follows the task the Tenant Service started; returns the task's log.
 */
async function requestApproveApply(changes: object, reason: string) {
  if (!tenantId) throw new Error('The tenant was not provisioned');
  return requestApproveApplyTo(api, tenantId, changes, reason);
}

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-change-requests',
    readinessTimeoutSeconds: 180,
    templates: ['tenant-provisioning', 'tenant-change'],
  });
});

afterAll(() => stack?.stop());

/**
 * Rolls the tenant back (leaving nothing on the shared local cluster) and
 * resolves its final state. Runs inside the test: the test backend is
 * already shutting down in `afterAll`.
 */
async function rollBack(): Promise<string | undefined> {
  if (!tenantId) return undefined;
  await api()
    .post(`/api/tenants/v1/tenants/${tenantId}/rollback`)
    .set(as(PLATFORM_ADMIN))
    .send({ cancel: true });
  const { state } = await pollTenant(
    api,
    tenantId,
    as(PLATFORM_ADMIN),
    t => t.state !== 'rolling_back',
    180_000,
  );
  return state;
}

describe('change requests through the scaffolder', () => {
  it('provisions a tenant, then applies a tier change and module changes, each as its own task', async () => {
    try {
      await provisionAndChange();
      expect(await rollBack()).toBe('rolled_back');
    } finally {
      if (tenantId && (await tenant()).state !== 'rolled_back') {
        await rollBack();
      }
    }
  });
});

/** Provisions the tenant, then requests, approves and checks three changes. */
async function provisionAndChange() {
  const taskId = await stack.startProvisioning(as(PLATFORM_ADMIN), {
    slug,
    values: {
      name: `Change requests ${slug}`,
      region: 'nearest',
      resourceTier: 'medium',
      dataSources: [],
      moduleBi: true,
    },
  });
  await untilCompleted(api, taskId, as(PLATFORM_ADMIN));
  expect(await taskStatus(api, taskId, as(PLATFORM_ADMIN))).toBe('completed');
  const list = await api()
    .get(`/api/tenants/v1/tenants?search=${slug}`)
    .set(as(PLATFORM_ADMIN));
  tenantId = list.body.items[0].id;
  expect(await tenant()).toMatchObject({ state: 'ready', specVersion: 1 });
  // "Nearest" is the region it resolved to everywhere: in the Tenant
  // Service and on the objects the phases applied.
  expect((await tenant()).spec.infrastructure.region).toBe('westeurope');
  const { CoreV1Api } = await loadKubernetesClient();
  const tenantNamespace = await stack.kubeConfig
    .makeApiClient(CoreV1Api)
    .readNamespace({ name: namespace });
  expect(tenantNamespace.metadata?.labels?.['tenants.dev/region']).toBe(
    'westeurope',
  );
  const mediumQuota = await read('v1', 'ResourceQuota', 'tenant-quota');
  expect(mediumQuota.spec.hard['requests.cpu']).toBe('12');
  expect(
    (await read('v1', 'PersistentVolumeClaim', 'data-postgres-0')).spec
      .resources.requests.storage,
  ).toBe('50Gi');

  // Medium → Large: quota, limits, workload resources and data store volumes.
  const large = await requestApproveApply(
    { resourceTier: 'large' },
    'More analysts join next month',
  );
  expect(large.changeRequest.appliedSpecVersion).toBe(2);
  expect(await tenant()).toMatchObject({ state: 'ready', specVersion: 2 });
  expect(large.log).toContainEqual(
    expect.stringMatching(
      /^Phases to apply: namespace, data-infrastructure, control-plane, data-plane, observability; unchanged: secrets, ingress$/,
    ),
  );
  expect(large.log).toContain(
    'Phase data-infrastructure: statefulset/postgres: volume claim templates change (data storage 50Gi → 200Gi); they are immutable, so its volumes are expanded and it is re-created',
  );
  expect(large.log).toContain(
    'Phase data-infrastructure: persistentvolumeclaim/data-postgres-0: storage request 50Gi → 200Gi',
  );
  expect(large.log).toContainEqual(
    expect.stringMatching(/^Phase data-plane: \d+\/\d+ workloads ready/),
  );
  const quota = await read('v1', 'ResourceQuota', 'tenant-quota');
  expect(quota.spec.hard).toMatchObject({
    'requests.cpu': '32',
    'requests.memory': '80Gi',
    'requests.storage': '1Ti',
    pods: '60',
  });
  const limits = await read('v1', 'LimitRange', 'tenant-limits');
  expect(limits.spec.limits[0].max).toEqual({ cpu: '4', memory: '8Gi' });
  const aiEngine = await read('apps/v1', 'Deployment', 'ai-engine');
  expect(aiEngine.spec.replicas).toBe(3);
  expect(aiEngine.spec.template.spec.containers[0].resources).toEqual({
    requests: { cpu: '1', memory: '2Gi' },
    limits: { cpu: '4', memory: '4Gi' },
  });
  expect(aiEngine.status.readyReplicas).toBe(3);
  const postgres = await read('apps/v1', 'StatefulSet', 'postgres');
  expect(
    postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
  ).toBe('200Gi');
  expect(postgres.spec.template.spec.containers[0].resources.requests).toEqual({
    cpu: '1',
    memory: '4Gi',
  });
  expect(
    (await read('v1', 'PersistentVolumeClaim', 'data-postgres-0')).spec
      .resources.requests.storage,
  ).toBe('200Gi');
  const kafka = await read('apps/v1', 'StatefulSet', 'kafka');
  expect(kafka.spec.replicas).toBe(3);
  expect(kafka.status.readyReplicas).toBe(3);
  expect(
    (await read('v1', 'PersistentVolumeClaim', 'data-kafka-2')).spec.resources
      .requests.storage,
  ).toBe('200Gi');

  // Disable BI Platform: its Deployment and Service are pruned.
  expect(await read('apps/v1', 'Deployment', 'bi-platform')).toBeDefined();
  const noBi = await requestApproveApply(
    { modules: { bi: false } },
    'Dashboards moved to another tool',
  );
  expect(noBi.log).toContain(
    `Phase data-plane: deployment/bi-platform in ${namespace} deleted (no longer rendered)`,
  );
  expect(await read('apps/v1', 'Deployment', 'bi-platform')).toBeUndefined();
  expect(await read('v1', 'Service', 'bi-platform')).toBeUndefined();
  expect(await tenant()).toMatchObject({ state: 'ready', specVersion: 3 });

  // Enable ML Platform: its services are deployed and become ready.
  const ml = await requestApproveApply(
    { modules: { ml: true } },
    'We start training models',
  );
  expect(ml.log).toContain('Phase data-plane: deployment/ml-platform created');
  const mlPlatform = await read('apps/v1', 'Deployment', 'ml-platform');
  expect(mlPlatform.status.readyReplicas).toBe(3);
  expect(await read('v1', 'Service', 'ml-platform')).toBeDefined();
  const after = await tenant();
  expect(after).toMatchObject({ state: 'ready', specVersion: 4 });
  expect(after.spec.modules).toMatchObject({ bi: false, ml: true });
  expect(after.spec.infrastructure.resourceTier).toBe('large');

  // Everything is in the audit trail and the spec history.
  const audit = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}/audit?limit=100`)
    .set(as(PLATFORM_ADMIN));
  const actions = audit.body.items.map((e: any) => `${e.action} ${e.outcome}`);
  for (const action of [
    'tenant.change-request.create success',
    'tenant.change-request.approve success',
    // the tenant admin's attempts to approve their own requests
    'tenant.change-request.approve failure',
    'tenant.change-request.task success',
    'tenant.change-request.started success',
    'tenant.change-request.applied success',
  ]) {
    expect(actions.filter((a: string) => a === action)).toHaveLength(3);
  }
  const versions = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}/spec-versions`)
    .set(as(TENANT_ADMIN));
  expect(versions.body.items.map((v: any) => v.version)).toEqual([4, 3, 2, 1]);
  expect(
    stack.signals.signals.some(
      s =>
        (s.message as any).tenantId === tenantId &&
        (s.message as any).state === 'updating',
    ),
  ).toBe(true);
}
