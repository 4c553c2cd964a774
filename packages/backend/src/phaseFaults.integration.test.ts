import {
  getPhase,
  PROVISIONING_PHASES,
  type PhaseId,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  FAULT_INJECTION_LABEL,
  loadKubernetesClient,
  tenantNamespaceName,
  type InjectedFault,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import {
  setTenantFaults,
  tenantFaultEntries,
} from './__testUtils__/injectedFaults';
import {
  provisioningSecrets,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import {
  logMessages,
  type TaskEvent,
  taskStatus,
  untilCompleted,
} from './__testUtils__/tasks';
import { rollBackToNothing } from './__testUtils__/rollback';
import { settledInventory } from './__testUtils__/tenantObjects';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * A fault injected by the local cluster's kwok stages into one workload of
 * each phase that has workloads, one tenant per phase, all provisioned at
 * once through the real scaffolder and the real tenant template: the phase
 * fails naming the workload and why, the phases before it completed and none
 * after it started; once the fault is cleared, a retry through the Tenant
 * Service skips the completed phases and ends `ready` with exactly the
 * rendered objects on the cluster; a rollback then leaves nothing with the
 * tenant's labels. A workload that never becomes ready fails its phase at the
 * readiness deadline and is rolled back straight from `failed`.
 *
 * The faults come from the cluster's fault ConfigMap (as in the end-to-end
 * tests), one `<slug>.<workload>` entry per tenant under a field manager of
 * its own, so that the tenants (and other users of the shared cluster) do not
 * disturb each other's faults.
 */

/** Every phase's readiness deadline, and so how long the never-ready tenant takes to fail. */
const READINESS_TIMEOUT_SECONDS = 40;
const TEST_TIMEOUT_MS = 210_000;

const asAdmin = as(PLATFORM_ADMIN);

let stack: FullStack;
const api = () => stack.api();

const unique = uniqueSuffix();
const slugs: string[] = [];
/** This run's own field manager of the tenant's fault entries. */
const fieldManagerOf = (slug: string) => `phase-faults-${slug}`;

const PHASE_IDS = PROVISIONING_PHASES.map(p => p.id) as PhaseId[];
/** Phases with a `tenant:<phase>` action that logs `Phase <id> completed` or skips. */
const APPLY_PHASES: PhaseId[] = PHASE_IDS.filter(p => p !== 'validation');
const before = (phase: PhaseId) => PHASE_IDS.slice(0, PHASE_IDS.indexOf(phase));
const after = (phase: PhaseId) => PHASE_IDS.slice(PHASE_IDS.indexOf(phase) + 1);

const secrets = provisioningSecrets();

interface FailedRun {
  id: string;
  taskId: string;
  events: TaskEvent[];
  log: string[];
  spec: TenantSpec;
}

/**
 * Injects `fault` into `workload` of tenant `slug`, runs the template and
 * checks that exactly `phase` failed, with a message matching `reason`: the
 * phases before it completed, none after it started.
 */
async function provisionWithFault(options: {
  slug: string;
  phase: PhaseId;
  workload: string;
  fault: InjectedFault;
  reason: RegExp;
}): Promise<FailedRun> {
  const { slug, phase, workload, fault } = options;
  slugs.push(slug);
  await setTenantFaults(stack.kubeConfig, {
    fieldManager: fieldManagerOf(slug),
    slug,
    faults: { [workload]: fault },
  });
  expect(await tenantFaultEntries(stack.kubeConfig, slug)).toEqual({
    [`${slug}.${workload}`]: fault,
  });

  const taskId = await stack.startProvisioning(asAdmin, { slug, secrets });
  const events = await untilCompleted(api, taskId, asAdmin);
  const log = logMessages(events);
  expect(await taskStatus(api, taskId, asAdmin)).toBe('failed');

  // The scaffolder task: the fault was injected where asked, the phase failed
  // for it, the phases before completed and no step after the phase ran.
  expect(log).toContain(
    `Fault injection (development and tests only): ${workload}=${fault}`,
  );
  expect(log.filter(line => /^Phase \S+ failed: /.test(line))).toEqual([
    expect.stringMatching(options.reason),
  ]);
  for (const earlier of before(phase)) {
    expect(log).toContainEqual(
      expect.stringMatching(new RegExp(`^Phase ${earlier} completed: `)),
    );
  }
  const laterSteps = new Set<string>(after(phase));
  expect(
    events
      .filter(e => e.body.stepId && laterSteps.has(e.body.stepId))
      .map(e => `${e.body.stepId} ${e.body.status}: ${e.body.message}`),
  ).toEqual(
    after(phase).map(
      p => `${p} skipped: Skipping step ${p} because a previous step failed`,
    ),
  );

  // The Tenant Service: the run failed in exactly that phase, for that reason.
  const id = await tenantIdOf(api, slug, asAdmin);
  const tenant = (await api().get(`/api/tenants/v1/tenants/${id}`).set(asAdmin))
    .body;
  expect(tenant.state).toBe('failed');
  expect(tenant.latestRun).toMatchObject({
    attempt: 1,
    status: 'failed',
    scaffolderTaskId: taskId,
  });
  expect(
    tenant.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
  ).toEqual([
    ...before(phase).map(p => `${p} completed`),
    `${phase} failed`,
    ...after(phase).map(p => `${p} pending`),
  ]);
  expect(
    tenant.latestRun.phases.find((p: any) => p.phaseId === phase).errorMessage,
  ).toMatch(options.reason);
  const status = (
    await api().get(`/api/tenants/v1/tenants/${id}/status`).set(asAdmin)
  ).body;
  expect(status).toMatchObject({
    status: 'failed',
    current_phase: PHASE_IDS.indexOf(phase) + 1,
    phase_name: getPhase(phase).name,
  });
  return { id, taskId, events, log, spec: tenant.spec };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One workload of each phase that has workloads: `container-fail` makes its pods crash-loop. */
const CRASHES: Array<{
  phase: PhaseId;
  workload: string;
  kind: 'deployment' | 'statefulset';
  tag: string;
}> = [
  {
    phase: 'data-infrastructure',
    workload: 'postgres',
    kind: 'statefulset',
    tag: 'di',
  },
  {
    phase: 'control-plane',
    workload: 'tenant-config',
    kind: 'deployment',
    tag: 'cp',
  },
  { phase: 'data-plane', workload: 'agents', kind: 'deployment', tag: 'dp' },
  {
    phase: 'observability',
    workload: 'log-collector',
    kind: 'deployment',
    tag: 'ob',
  },
];

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-phase-faults',
    readinessTimeoutSeconds: READINESS_TIMEOUT_SECONDS,
    templates: ['tenant-provisioning'],
    faultInjection: true,
  });
  // Start-up takes a while when CI runs other suites alongside.
}, 120_000);

afterAll(async () => {
  // Leave no faults and nothing of the tenants on the shared cluster, whatever
  // failed.
  for (const slug of slugs) {
    await setTenantFaults(stack.kubeConfig, {
      fieldManager: fieldManagerOf(slug),
      slug,
      faults: {},
    });
  }
  await stack?.stop();
}, 180_000);

describe('a kwok-injected fault in each phase with workloads', () => {
  it.concurrent.each(CRASHES)(
    '$phase: a crash-looping $workload fails the phase; after clearing, a retry completes with exactly the rendered objects; rollback leaves nothing',
    async ({ phase, workload, kind, tag }) => {
      const slug = `pf${tag}${unique}`;
      const failed = await provisionWithFault({
        slug,
        phase,
        workload,
        fault: 'container-fail',
        reason: new RegExp(
          `^Phase ${phase} failed: Workload failed: ${kind}/${escape(
            workload,
          )} \\(pod/${escape(workload)}-[a-z0-9-]+\\): container ${escape(
            workload,
          )}: CrashLoopBackOff .*injected`,
        ),
      });

      // Clear the fault (only this tenant's entry) and retry the same task.
      await setTenantFaults(stack.kubeConfig, {
        fieldManager: fieldManagerOf(slug),
        slug,
        faults: {},
      });
      expect(await tenantFaultEntries(stack.kubeConfig, slug)).toEqual({});
      const retry = await api()
        .post(`/api/tenants/v1/tenants/${failed.id}/retry`)
        .set(asAdmin)
        .send({ secrets });
      expect(retry.status).toBe(201);
      expect(retry.body.run).toMatchObject({
        attempt: 2,
        scaffolderTaskId: failed.taskId,
      });
      const retried = await untilCompleted(
        api,
        failed.taskId,
        asAdmin,
        failed.events[failed.events.length - 1].id,
      );
      const retriedLog = logMessages(retried);
      expect(await taskStatus(api, failed.taskId, asAdmin)).toBe('completed');

      // Checkpoints: the phases that completed in attempt 1 are skipped, the
      // failed one and those after it run; nothing fails, nothing is injected.
      for (const earlier of before(phase)) {
        expect(retriedLog).toContain(
          `Phase ${earlier} already completed in an earlier attempt of this task; skipping`,
        );
        expect(retriedLog).not.toContainEqual(
          expect.stringMatching(new RegExp(`^Phase ${earlier} completed: `)),
        );
      }
      for (const rerun of APPLY_PHASES.slice(APPLY_PHASES.indexOf(phase))) {
        expect(retriedLog).toContainEqual(
          expect.stringMatching(new RegExp(`^Phase ${rerun} completed: `)),
        );
      }
      expect(
        retriedLog.filter(line =>
          /^(Phase \S+ failed|Fault injection|.*skipping$)/.test(line),
        ),
      ).toEqual(
        before(phase).map(
          p =>
            `Phase ${p} already completed in an earlier attempt of this task; skipping`,
        ),
      );

      const ready = (
        await api().get(`/api/tenants/v1/tenants/${failed.id}`).set(asAdmin)
      ).body;
      expect(ready.state).toBe('ready');
      expect(ready.latestRun).toMatchObject({
        attempt: 2,
        status: 'completed',
      });
      expect(
        ready.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
      ).toEqual(PHASE_IDS.map(p => `${p} completed`));

      // Exactly one of each rendered object, nothing else with the tenant's
      // labels, every pod of the current revision and Ready, no fault left.
      const inventory = await settledInventory(
        stack.kubeConfig,
        failed.spec,
        stack.renderContext,
      );
      expect(inventory.problems).toEqual([]);
      expect(inventory.labelled).toEqual(inventory.rendered);
      const namespace = tenantNamespaceName(slug);
      expect(inventory.rendered).toEqual(
        expect.arrayContaining([
          `Namespace/${namespace}`,
          `StatefulSet/${namespace}/postgres`,
          `${
            kind === 'deployment' ? 'Deployment' : 'StatefulSet'
          }/${namespace}/${workload}`,
        ]),
      );

      await rollBackToNothing(stack, asAdmin, failed, [
        `${kind}/${workload}`,
        'statefulset/postgres',
        'persistentvolumeclaim/data-postgres-0',
        'pod/postgres-0',
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it.concurrent(
    `data-infrastructure: a never-ready redis fails the phase at the ${READINESS_TIMEOUT_SECONDS}s readiness deadline; rollback from failed leaves nothing`,
    async () => {
      const slug = `pfnr${unique}`;
      const failed = await provisionWithFault({
        slug,
        phase: 'data-infrastructure',
        workload: 'redis',
        fault: 'never-ready',
        reason: new RegExp(
          `^Phase data-infrastructure failed: Timed out after ${READINESS_TIMEOUT_SECONDS}s waiting for workloads: 2/3 workloads ready, waiting on statefulset/redis: .* \\(pod/redis-0 running on \\S+, not ready\\)$`,
        ),
      });

      // It is the injected fault that kept redis from becoming ready.
      const { CoreV1Api } = await loadKubernetesClient();
      const pod = await stack.kubeConfig
        .makeApiClient(CoreV1Api)
        .readNamespacedPod({
          name: 'redis-0',
          namespace: tenantNamespaceName(slug),
        });
      expect(pod.metadata?.labels?.[FAULT_INJECTION_LABEL]).toBe('never-ready');
      expect(pod.status?.conditions).toContainEqual(
        expect.objectContaining({
          type: 'Ready',
          status: 'False',
          reason: 'FaultInjectedNeverReady',
        }),
      );

      await rollBackToNothing(stack, asAdmin, failed, [
        'statefulset/redis',
        'persistentvolumeclaim/data-redis-0',
        'pod/redis-0',
      ]);
      await setTenantFaults(stack.kubeConfig, {
        fieldManager: fieldManagerOf(slug),
        slug,
        faults: {},
      });
      expect(await tenantFaultEntries(stack.kubeConfig, slug)).toEqual({});
    },
    TEST_TIMEOUT_MS,
  );
});
