import { tenantSpecSchema } from '@internal/backstage-plugin-tenants-common';
import {
  APP_NAME_LABEL,
  createRenderContext,
  loadKubernetesClient,
  tenantNamespaceName,
} from '@internal/backstage-plugin-tenants-node';
import {
  startFullStackBackend,
  type FullStackBackend,
} from '../__testUtils__/fullStackBackend';
import { logMessages, taskStatus } from '../__testUtils__/tasks';
import { clusterKubeConfig } from '../__testUtils__/localCluster';
import { readTemplate, templateRefOf } from '../__testUtils__/templates';
import { settledInventory } from '../__testUtils__/tenantObjects';
import { tenantIdOf } from '../__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from '../__testUtils__/users';
import {
  startFaultCluster,
  type FaultCluster,
} from './__testUtils__/faultCluster';
import {
  secrets,
  uniqueSuffix,
  valuesFor,
} from './__testUtils__/provisioningInput';
import { untilTaskCompleted, untilTaskLogs } from './__testUtils__/taskEvents';

/**
 * Issue 8, faults: the kube-apiserver stops while a tenant's
 * data-infrastructure phase waits for its workloads (postgres is held
 * never-ready by an injected fault), and starts again.
 *
 * The phase's watches break and listing again is refused, so the phase fails
 * right away, while the apiserver is still down, naming the lost connection;
 * the run ends cleanly `failed` at that phase. Once the apiserver is back and
 * the fault cleared, a retry through the Tenant Service skips the completed
 * phases, replaces the postgres pod of the faulty revision (which would hold
 * up the StatefulSet's rollout for good) and ends `ready` with exactly one of
 * each object: one postgres StatefulSet, pod and claim.
 *
 * Stopping the apiserver of the shared test cluster would break the tests
 * running next to this one (Jest runs test files in parallel workers), so this
 * test brings up a small cluster of its own (`tenants-faults`, ~15 s) and
 * removes it afterwards.
 */

jest.setTimeout(180_000);

const asAdmin = as(PLATFORM_ADMIN);
const CLUSTER = 'local-faults';
const template = readTemplate('tenant-provisioning');
/** The actions' render context: the test injects faults into it. */
const renderContext = createRenderContext();

let cluster: FaultCluster;
let supervisor: ReturnType<FaultCluster['superviseComponents']> | undefined;
let backend: FullStackBackend;
const api = () => backend.api();
const config = () => ({
  tenants: {
    clusters: [
      {
        name: CLUSTER,
        provider: 'azure',
        regions: ['westeurope'],
        kubeconfigPath: cluster.kubeconfigPath,
      },
    ],
    provisioning: { readinessTimeoutSeconds: 60 },
    rollback: { timeoutSeconds: 120 },
  },
});

beforeAll(async () => {
  cluster = await startFaultCluster('tenants-faults', { volumes: 20 });
  backend = await startFullStackBackend({
    config: config(),
    templates: [template],
    renderContext,
  });
}, 180_000);

afterAll(async () => {
  try {
    await supervisor?.stop();
  } finally {
    await backend?.stop();
    // Takes every tenant object with it, whatever failed.
    await cluster?.delete();
  }
}, 180_000);

it('fails the phase cleanly while the kube-apiserver is down, and a retry after it is back provisions exactly one of everything', async () => {
  const slug = `apiout${uniqueSuffix()}`;
  renderContext.injectedFaults = { postgres: 'never-ready' };
  const started = await api()
    .post('/api/scaffolder/v2/tasks')
    .set(asAdmin)
    .send({
      templateRef: templateRefOf(template),
      values: valuesFor(slug),
      secrets,
    });
  expect(started.status).toBe(201);
  const taskId: string = started.body.id;

  // Held in data-infrastructure: redis and kafka are ready, postgres never will be.
  const held = await untilTaskLogs(
    api,
    taskId,
    asAdmin,
    /^2\/3 workloads ready, waiting on statefulset\/postgres/,
  );
  expect(held.map(e => e.type)).not.toContain('completion');
  const tenantId = await tenantIdOf(api, slug, asAdmin);
  const before = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}`)
    .set(asAdmin);
  expect(before.body.latestRun.phases).toContainEqual(
    expect.objectContaining({
      phaseId: 'data-infrastructure',
      status: 'in_progress',
    }),
  );

  // The outage: the phase's watches break and listing again is refused, so
  // the phase fails (while the apiserver is still down) with the reason.
  await cluster.stopApiserver();
  const failedRun = await untilTaskCompleted(api, taskId, asAdmin, {
    timeoutMs: 30_000,
  });
  const failedLog = logMessages(failedRun);
  await cluster.startApiserver();
  // From here on, components that exit in the outage's aftermath are started
  // again, as the kubelet would on a real control plane.
  supervisor = cluster.superviseComponents();
  renderContext.injectedFaults = {};

  expect(await taskStatus(api, taskId, asAdmin)).toBe('failed');
  const failure = failedLog.find(line =>
    line.startsWith('Phase data-infrastructure failed: '),
  );
  expect(failure).toMatch(
    /^Phase data-infrastructure failed: Lost the connection to the cluster's API server while waiting for \w+ objects: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
  );
  const failedStatus = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}/status`)
    .set(asAdmin);
  expect(failedStatus.body).toMatchObject({
    status: 'failed',
    phase_name: 'Data Infrastructure',
  });
  const failedTenant = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}`)
    .set(asAdmin);
  expect(failedTenant.body).toMatchObject({ state: 'failed' });
  expect(failedTenant.body.latestRun.phases).toContainEqual(
    expect.objectContaining({
      phaseId: 'data-infrastructure',
      status: 'failed',
      errorMessage: failure,
    }),
  );

  // The apiserver is back and the fault is gone: the retry provisions the rest.
  const retry = await api()
    .post(`/api/tenants/v1/tenants/${tenantId}/retry`)
    .set(asAdmin)
    .send({ secrets });
  expect(retry.status).toBe(201);
  expect(retry.body.run).toMatchObject({
    attempt: 2,
    scaffolderTaskId: taskId,
  });
  const retriedLog = logMessages(
    await untilTaskCompleted(api, taskId, asAdmin, {
      afterId: failedRun[failedRun.length - 1].id,
    }),
  );
  expect(retriedLog.filter(line => / failed: /.test(line))).toEqual([]);
  expect(await taskStatus(api, taskId, asAdmin)).toBe('completed');
  for (const phase of ['namespace', 'secrets']) {
    expect(retriedLog).toContain(
      `Phase ${phase} already completed in an earlier attempt of this task; skipping`,
    );
  }
  // The postgres pod of the faulty revision held up the StatefulSet's
  // rollout; the phase replaced it.
  expect(retriedLog).toContainEqual(
    expect.stringMatching(
      /^Deleting pod\/postgres-0: it is of an older revision of statefulset\/postgres and not ready/,
    ),
  );
  expect(retriedLog).toContainEqual(
    expect.stringMatching(
      /^Phase data-infrastructure completed: .*1 configured.*; 3 workload\(s\) ready$/,
    ),
  );

  const ready = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}`)
    .set(asAdmin);
  expect(ready.body).toMatchObject({
    state: 'ready',
    latestRun: { attempt: 2, status: 'completed' },
  });
  expect(
    ready.body.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
  ).toEqual([
    'namespace completed',
    'secrets completed',
    'data-infrastructure completed',
    'control-plane completed',
    'data-plane completed',
    'ingress completed',
    'observability completed',
    'validation completed',
  ]);

  // Exactly one of each object, every pod Ready, no leftovers of the fault.
  const kubeConfig = await clusterKubeConfig(config(), CLUSTER);
  const spec = tenantSpecSchema.parse(ready.body.spec);
  const inventory = await settledInventory(kubeConfig, spec, renderContext);
  expect(inventory.problems).toEqual([]);
  const namespace = tenantNamespaceName(slug);
  expect(
    inventory.labelled.filter(key => key.startsWith('StatefulSet/')),
  ).toEqual([
    `StatefulSet/${namespace}/kafka`,
    `StatefulSet/${namespace}/postgres`,
    `StatefulSet/${namespace}/redis`,
  ]);
  const { CoreV1Api } = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
  expect(claims.items.map(c => c.metadata?.name).sort()).toEqual([
    'data-kafka-0',
    'data-postgres-0',
    'data-redis-0',
  ]);
  const postgresPods = await core.listNamespacedPod({
    namespace,
    labelSelector: `${APP_NAME_LABEL}=postgres`,
  });
  expect(postgresPods.items.map(p => p.metadata?.name)).toEqual(['postgres-0']);
});
