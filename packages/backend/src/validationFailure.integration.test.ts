import {
  PROVISIONING_PHASES,
  type PhaseId,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  computeResourceStatus,
  loadKubernetesClient,
  tenantNamespaceName,
  waitForObjects,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import {
  provisioningSecrets,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import { rollBackToNothing } from './__testUtils__/rollback';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * The validation phase fails for a real reason: while the tenant is being
 * provisioned, someone deletes its redis StatefulSet without its pods
 * (`kubectl delete statefulset redis --cascade=orphan`, as done to change a
 * StatefulSet's immutable fields) and does not create it again. The phases
 * complete, since none applies redis again; validation finds the StatefulSet
 * missing and fails the task naming it. Once it is created again, a retry
 * through the Tenant Service skips every completed phase, passes validation
 * and the tenant is ready; a rollback then leaves nothing of it.
 */

jest.setTimeout(180_000);

const asAdmin = as(PLATFORM_ADMIN);
const secrets = provisioningSecrets();
const slug = `vf${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);

const PHASE_IDS = PROVISIONING_PHASES.map(p => p.id) as PhaseId[];
const APPLY_PHASES = PHASE_IDS.filter(p => p !== 'validation');

let stack: FullStack;
const api = () => stack.api();

async function appsApi() {
  const { AppsV1Api } = await loadKubernetesClient();
  return stack.kubeConfig.makeApiClient(AppsV1Api);
}
type StatefulSet = Awaited<
  ReturnType<Awaited<ReturnType<typeof appsApi>>['readNamespacedStatefulSet']>
>;

/** Deletes the StatefulSet but leaves its pods running; returns it as it was, to create again. */
async function deleteOrphaningPods(name: string): Promise<StatefulSet> {
  const apps = await appsApi();
  const statefulSet = await apps.readNamespacedStatefulSet({ name, namespace });
  await apps.deleteNamespacedStatefulSet({
    name,
    namespace,
    propagationPolicy: 'Orphan',
  });
  return statefulSet;
}

/** Creates the StatefulSet again and resolves once it is Current (it adopts its pods). */
async function createAgain(statefulSet: StatefulSet) {
  const { name, labels, annotations } = statefulSet.metadata!;
  await (
    await appsApi()
  ).createNamespacedStatefulSet({
    namespace,
    body: { metadata: { name, labels, annotations }, spec: statefulSet.spec },
  });
  let current = false;
  await waitForObjects<StatefulSet & { kind?: string }>(
    stack.kubeConfig,
    { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace },
    {
      onChange: objects => {
        const created = objects.find(o => o.metadata?.name === name);
        current =
          !!created &&
          computeResourceStatus({ kind: 'StatefulSet', ...created } as any)
            .status === 'Current';
      },
      until: () => current,
      timeoutMs: 60_000,
    },
  );
}

const readTenant = async (id: string) =>
  (await api().get(`/api/tenants/v1/tenants/${id}`).set(asAdmin)).body;

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-validation',
    readinessTimeoutSeconds: 60,
    templates: ['tenant-provisioning'],
  });
}, 120_000);

afterAll(() => stack?.stop(), 120_000);

it('fails validation on a StatefulSet deleted out of band, retries to ready once it is back, and rolls back to nothing', async () => {
  const taskId = await stack.startProvisioning(asAdmin, { slug, secrets });

  // Out of band, once its phase completed: the phases after it do not touch it.
  await stack.signals.waitFor(
    m =>
      m.phase?.id === 'data-infrastructure' && m.phase?.status === 'completed',
  );
  const redis = await deleteOrphaningPods('redis');

  const failedEvents = await untilCompleted(api, taskId, asAdmin);
  const failedLog = logMessages(failedEvents);
  expect(await taskStatus(api, taskId, asAdmin)).toBe('failed');
  const reason =
    /^Phase validation failed: 1 of \d+ health check\(s\) failed: statefulset\/redis \(not found\)$/;
  expect(failedLog.filter(line => /^Phase \S+ failed: /.test(line))).toEqual([
    expect.stringMatching(reason),
  ]);
  for (const phase of APPLY_PHASES) {
    expect(failedLog).toContainEqual(
      expect.stringMatching(new RegExp(`^Phase ${phase} completed: `)),
    );
  }

  const id = await tenantIdOf(api, slug, asAdmin);
  const failed = await readTenant(id);
  expect(failed.state).toBe('failed');
  expect(failed.latestRun).toMatchObject({
    attempt: 1,
    status: 'failed',
    scaffolderTaskId: taskId,
  });
  expect(
    failed.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
  ).toEqual([...APPLY_PHASES.map(p => `${p} completed`), 'validation failed']);
  expect(
    failed.latestRun.phases.find((p: any) => p.phaseId === 'validation')
      .errorMessage,
  ).toMatch(reason);

  // The cause cleared, the retry runs validation alone and passes.
  await createAgain(redis);
  const retry = await api()
    .post(`/api/tenants/v1/tenants/${id}/retry`)
    .set(asAdmin)
    .send({ secrets });
  expect(retry.status).toBe(201);
  expect(retry.body.run).toMatchObject({
    attempt: 2,
    scaffolderTaskId: taskId,
  });
  const retriedLog = logMessages(
    await untilCompleted(api, taskId, asAdmin, failedEvents.at(-1)!.id),
  );
  expect(await taskStatus(api, taskId, asAdmin)).toBe('completed');
  expect(
    retriedLog.filter(line =>
      /^Phase \S+ (completed|failed|already)/.test(line),
    ),
  ).toEqual(
    APPLY_PHASES.map(
      p =>
        `Phase ${p} already completed in an earlier attempt of this task; skipping`,
    ),
  );
  expect(retriedLog).toContainEqual(
    expect.stringMatching(/^All \d+ health checks passed$/),
  );
  const ready = await readTenant(id);
  expect(ready.state).toBe('ready');
  expect(ready.latestRun).toMatchObject({ attempt: 2, status: 'completed' });
  expect(
    ready.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
  ).toEqual(PHASE_IDS.map(p => `${p} completed`));

  // Rollback leaves nothing with the tenant's labels, the re-created redis included.
  await rollBackToNothing(stack, asAdmin, { id, spec: ready.spec }, [
    'statefulset/redis',
    'pod/redis-0',
  ]);
});
