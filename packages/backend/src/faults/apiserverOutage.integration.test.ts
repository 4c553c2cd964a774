import { tenantSpecSchema } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APP_NAME_LABEL,
  applyObjects,
  FAULT_INJECTION_LABEL,
  loadKubernetesClient,
  tenantNamespaceName,
  waitForObjects,
  WaitTimeoutError,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  startFullStack,
  type FullStack,
} from '../__testUtils__/fullStackBackend';
import { logMessages, taskStatus } from '../__testUtils__/tasks';
import { settledInventory } from '../__testUtils__/tenantObjects';
import { tenantIdOf } from '../__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from '../__testUtils__/users';
import {
  startFaultCluster,
  type FaultCluster,
} from './__testUtils__/faultCluster';
import {
  provisioningSecrets,
  uniqueSuffix,
} from '../__testUtils__/provisioningValues';
import { untilTaskCompleted, untilTaskLogs } from './__testUtils__/taskEvents';

/**
 * The kube-apiserver stops while a tenant's data-infrastructure phase waits
 * for its workloads, and starts again.
 *
 * The phase rides out the outage: its watches break, it says so in the task
 * log, keeps trying to list again and resumes watching once the apiserver is
 * back. Postgres is held never-ready by an injected fault until the fault is
 * cleared on the live StatefulSet after the outage (as when the cause of a
 * crash goes away on its own); the phase then replaces the pod of the faulty
 * revision, completes, and the run ends `ready` in its first attempt, with
 * exactly one of each object. A wait whose deadline passes while the
 * apiserver is still down fails naming the outage; applies sent while it is
 * down are sent again until it is back.
 *
 * Stopping the apiserver of the shared test cluster would break the tests
 * running next to this one (Jest runs test files in parallel workers), so this
 * test brings up a small cluster of its own (`tenants-faults`, ~15 s) and
 * removes it afterwards.
 */

/** The data source's password, one for the whole test file. */
const secrets = provisioningSecrets();

jest.setTimeout(180_000);

const asAdmin = as(PLATFORM_ADMIN);

let cluster: FaultCluster;
let supervisor: ReturnType<FaultCluster['superviseComponents']> | undefined;
let stack: FullStack;
const api = () => stack.api();

beforeAll(async () => {
  cluster = await startFaultCluster('tenants-faults', { volumes: 20 });
  stack = await startFullStack({
    cluster: 'local-faults',
    kubeconfigPath: cluster.kubeconfigPath,
    readinessTimeoutSeconds: 120,
    templates: ['tenant-provisioning'],
    // The cluster is deleted afterwards, with every tenant object.
    tearDownTenants: false,
  });
}, 180_000);

afterAll(async () => {
  try {
    await supervisor?.stop();
  } finally {
    await stack?.stop();
    await cluster?.delete();
  }
}, 180_000);

it('rides out an apiserver outage in the middle of a phase and provisions exactly one of everything', async () => {
  const slug = `apiout${uniqueSuffix()}`;
  stack.renderContext.injectedFaults = { postgres: 'never-ready' };
  const taskId = await stack.startProvisioning(asAdmin, { slug, secrets });

  // Held in data-infrastructure: redis and kafka are ready, postgres never will be.
  const held = await untilTaskLogs(
    api,
    taskId,
    asAdmin,
    /^2\/3 workloads ready, waiting on statefulset\/postgres/,
  );
  expect(held.map(e => e.type)).not.toContain('completion');
  const tenantId = await tenantIdOf(api, slug, asAdmin);
  const seen = held[held.length - 1].id;

  await cluster.stopApiserver();
  const lost = await untilTaskLogs(
    api,
    taskId,
    asAdmin,
    /^Lost the connection to the cluster's API server/,
    { afterId: seen },
  );
  expect(logMessages(lost)).toContainEqual(
    expect.stringMatching(
      /^Lost the connection to the cluster's API server \(.*ECONNREFUSED.*\); watching again as soon as it answers, until the readiness deadline$/,
    ),
  );
  expect(lost.map(e => e.type)).not.toContain('completion');
  const during = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}`)
    .set(asAdmin);
  expect(during.body).toMatchObject({ state: 'provisioning' });

  await cluster.startApiserver();
  // From here on, components that exit in the outage's aftermath are started
  // again, as the kubelet would on a real control plane.
  supervisor = cluster.superviseComponents();
  await untilTaskLogs(
    api,
    taskId,
    asAdmin,
    /^The cluster's API server answers again after \d+s; watching the workloads again$/,
    { afterId: lost[lost.length - 1].id },
  );

  // The cause goes away: the live StatefulSet loses the fault.
  stack.renderContext.injectedFaults = {};
  const { kubeConfig } = stack;
  const namespace = tenantNamespaceName(slug);
  const { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } =
    await loadKubernetesClient();
  await kubeConfig.makeApiClient(AppsV1Api).patchNamespacedStatefulSet(
    {
      name: 'postgres',
      namespace,
      body: [
        {
          op: 'remove',
          path: `/spec/template/metadata/labels/${FAULT_INJECTION_LABEL.replace(
            '/',
            '~1',
          )}`,
        },
      ],
    },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );

  const run = logMessages(
    await untilTaskCompleted(api, taskId, asAdmin, { afterId: seen }),
  );
  expect(run.filter(line => / failed: /.test(line))).toEqual([]);
  expect(await taskStatus(api, taskId, asAdmin)).toBe('completed');
  // The postgres pod of the faulty revision held up the StatefulSet's
  // rollout; the phase replaced it.
  expect(run).toContainEqual(
    expect.stringMatching(
      /^Deleting pod\/postgres-0: it is of an older revision of statefulset\/postgres and not ready/,
    ),
  );
  expect(run).toContainEqual(
    expect.stringMatching(
      /^Phase data-infrastructure completed: .*; 3 workload\(s\) ready$/,
    ),
  );

  const ready = await api()
    .get(`/api/tenants/v1/tenants/${tenantId}`)
    .set(asAdmin);
  expect(ready.body).toMatchObject({
    state: 'ready',
    latestRun: { attempt: 1, status: 'completed' },
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
  const spec = tenantSpecSchema.parse(ready.body.spec);
  const inventory = await settledInventory(
    kubeConfig,
    spec,
    stack.renderContext,
  );
  expect(inventory.problems).toEqual([]);
  expect(
    inventory.labelled.filter(key => key.startsWith('StatefulSet/')),
  ).toEqual([
    `StatefulSet/${namespace}/kafka`,
    `StatefulSet/${namespace}/postgres`,
    `StatefulSet/${namespace}/redis`,
  ]);
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
  expect(
    postgresPods.items[0].metadata?.labels?.[FAULT_INJECTION_LABEL],
  ).toBeUndefined();
});

it('gives up at the deadline while the apiserver is still down, naming the outage', async () => {
  const { kubeConfig } = stack;
  const lostReasons: string[] = [];
  const waiting = waitForObjects(
    kubeConfig,
    { apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system' },
    {
      until: () => false,
      timeoutMs: 8_000,
      onConnectionLost: reason => lostReasons.push(reason),
    },
  ).then(
    () => undefined,
    (error: Error) => error,
  );
  // The wait is watching before the apiserver goes away.
  await kubeConfig
    .makeApiClient((await loadKubernetesClient()).CoreV1Api)
    .listNamespacedPod({ namespace: 'kube-system' });
  // A crash, not a graceful stop: that can hold the open watch for up to 5 s
  // of the 8 s deadline, and on a busy machine all of it.
  await cluster.stopApiserver({ crash: true });
  const error = await waiting;
  await cluster.startApiserver();

  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(error?.message).toMatch(
    /^Timed out after 8s waiting for Pod objects: the cluster's API server has not answered for \d+s \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); last observed: \d+ Pod object\(s\)$/,
  );
  expect(lostReasons).toHaveLength(1);
});

it('sends applies made while the apiserver is down again until it is back', async () => {
  const { kubeConfig } = stack;
  const namespace = `apply-outage-${uniqueSuffix()}`;
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace },
      data: { mode: 'outage' },
    },
  ];
  await cluster.stopApiserver();
  let connectionLost!: (reason: string) => void;
  const lost = new Promise<string>(resolve => (connectionLost = resolve));
  const applying = applyObjects(kubeConfig, objects, {
    fieldManager: 'apiserver-outage-test',
    transientRetryMs: 150_000,
    onConnectionLost: reason => connectionLost(reason),
  });
  expect(await lost).toMatch(/ECONNREFUSED/);
  await cluster.startApiserver();

  const applied = await applying;
  expect(applied.map(a => `${a.ref} ${a.outcome}`)).toEqual([
    `namespace/${namespace} created`,
    'configmap/settings created',
  ]);
  const { CoreV1Api } = await loadKubernetesClient();
  await kubeConfig
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name: namespace });
});
