import {
  PROVISIONING_PHASES,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { setTenantFaults } from '../__testUtils__/injectedFaults';
import { tearDownTenants } from '../__testUtils__/localCluster';
import {
  provisioningSecrets,
  uniqueSuffix,
} from '../__testUtils__/provisioningValues';
import { logMessages, startProvisioning } from '../__testUtils__/tasks';
import { settledInventory } from '../__testUtils__/tenantObjects';
import { tenantIdOf } from '../__testUtils__/tenants';
import { freePort } from './__testUtils__/backendProcess';
import {
  prepareProcessStack,
  signInToProvision,
  type ProcessStack,
} from './__testUtils__/processStack';
import { untilTaskCompleted, untilTaskLogs } from './__testUtils__/taskEvents';
import { storedRuns } from './__testUtils__/tenantRuns';

/**
 * The backend dies (SIGKILL) while a tenant's control-plane phase (the
 * fourth) runs, and is started again. The real backend (src/index.ts with
 * every plugin) runs as a child process on PostgreSQL with scaffolder task
 * recovery on (src/faults/app-config.faults.yaml): the new process finds the
 * task whose heartbeat stopped, resumes it after its last completed step, and
 * the tenant ends ready with every phase run to completion exactly once.
 *
 * It provisions on the shared test cluster (a tenant of its own, torn down
 * afterwards); the control-plane phase is held by a fault in the cluster's
 * fault ConfigMap under this test's own field manager.
 */

/** The data source's password, one for the whole test file. */
const secrets = provisioningSecrets();

jest.setTimeout(240_000);

const unique = uniqueSuffix();
const slug = `kill${unique}`;
const FIELD_MANAGER = `faults-backend-killed-${unique}`;

let stack: ProcessStack;

beforeAll(async () => {
  stack = await prepareProcessStack();
}, 60_000);

afterAll(async () => {
  if (!stack) return; // the cluster or PostgreSQL was missing
  await stack.stop();
  await setTenantFaults(stack.kubeConfig, {
    fieldManager: FIELD_MANAGER,
    slug,
    faults: {},
  });
  await tearDownTenants(stack.kubeConfig, [slug]);
}, 120_000);

it('resumes a run after the backend is killed in a later phase, without running a completed phase again', async () => {
  const { kubeConfig, templateRef, renderContext } = stack;
  // The restarted backend listens where the first did.
  const port = await freePort();
  const first = await stack.start('first backend', port);
  const asAdmin = await signInToProvision(first);

  // Hold the run in phase 4: its tenant-config Deployment never becomes ready.
  await setTenantFaults(kubeConfig, {
    fieldManager: FIELD_MANAGER,
    slug,
    faults: { 'tenant-config': 'never-ready' },
  });
  const taskId = await startProvisioning(first.api, asAdmin, {
    templateRef,
    slug,
    secrets,
  });
  const beforeKill = await untilTaskLogs(
    first.api,
    taskId,
    asAdmin,
    /waiting on deployment\/tenant-config/,
  );
  expect(beforeKill.map(e => e.type)).not.toContain('completion');
  const tenantId = await tenantIdOf(first.api, slug, asAdmin);
  const held = (
    await first.api().get(`/api/tenants/v1/tenants/${tenantId}`).set(asAdmin)
  ).body;
  expect(
    held.latestRun.phases.map((p: any) => `${p.phaseId} ${p.status}`),
  ).toEqual([
    'namespace completed',
    'secrets completed',
    'data-infrastructure completed',
    'control-plane in_progress',
    'data-plane pending',
    'ingress pending',
    'observability pending',
    'validation pending',
  ]);

  // SIGKILL: no graceful shutdown, the task stays `processing` in the database.
  await first.kill('SIGKILL');
  await setTenantFaults(kubeConfig, {
    fieldManager: FIELD_MANAGER,
    slug,
    faults: {},
  });
  const second = await stack.start('restarted backend', port);

  // Recovery picks the task up once its heartbeat is older than the stale
  // timeout (15 s here), at a round of the recovery loop (every 10 s).
  const events = await untilTaskCompleted(second.api, taskId, asAdmin, {
    timeoutMs: 150_000,
  });
  const task = await second
    .api()
    .get(`/api/scaffolder/v2/tasks/${taskId}`)
    .set(asAdmin);
  expect(task.body.status).toBe('completed');

  const recovered = events.findIndex(e => e.type === 'recovered');
  expect(recovered).toBeGreaterThan(0);
  const resumedLog = logMessages(events.slice(recovered));
  const wholeLog = logMessages(events);
  expect(resumedLog).toContain(
    'Task recovered - resuming from last known good state. 5 step(s) already completed.',
  );
  for (const step of [
    'validate',
    'register',
    'namespace',
    'secrets',
    'data-infrastructure',
  ]) {
    expect(resumedLog).toContain(
      `Skipping step ${step} because it was already completed in a previous run`,
    );
  }
  // Every phase completed exactly once over both processes; only the
  // interrupted control-plane phase began twice.
  for (const { id } of PROVISIONING_PHASES.filter(p => p.id !== 'validation')) {
    expect(
      wholeLog.filter(line => line.startsWith(`Phase ${id} completed: `)),
    ).toHaveLength(1);
  }
  expect(
    wholeLog.filter(line => line === 'Beginning step Phase 4 - Control plane'),
  ).toHaveLength(2);
  expect(
    wholeLog.filter(line => line === 'Beginning step Phase 1 - Namespace'),
  ).toHaveLength(1);

  // The Tenant Service: ready, one run (attempt 1), each phase completed once;
  // the phases finished before the kill kept their times.
  const ready = (
    await second.api().get(`/api/tenants/v1/tenants/${tenantId}`).set(asAdmin)
  ).body;
  expect(ready).toMatchObject({
    state: 'ready',
    latestRun: { attempt: 1, status: 'completed' },
  });
  const runs = await storedRuns(
    stack.databaseUrl,
    stack.databasePrefix,
    tenantId,
  );
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({
    attempt: 1,
    status: 'completed',
    scaffolderTaskId: taskId,
  });
  expect(runs[0].phases.map(p => `${p.phaseId} ${p.status}`)).toEqual(
    PROVISIONING_PHASES.map(p => `${p.id} completed`),
  );
  for (const phase of held.latestRun.phases.slice(0, 3)) {
    expect(
      runs[0].phases.find(p => p.phaseId === phase.phaseId)?.finishedAt,
    ).toEqual(new Date(phase.finishedAt));
  }
  expect(runs[0].log).toContain('control-plane: Control Plane resumed');
  const audit = (
    await second
      .api()
      .get(`/api/tenants/v1/tenants/${tenantId}/audit?limit=100`)
      .set(asAdmin)
  ).body.items as Array<{ action: string; outcome: string; details: any }>;
  const phaseEvents = (action: string) =>
    audit
      .filter(e => e.action === action && e.outcome === 'success')
      .map(e => e.details.phaseId)
      .sort();
  expect(phaseEvents('tenant.phase.completed')).toEqual(
    PROVISIONING_PHASES.map(p => p.id).sort(),
  );
  expect(phaseEvents('tenant.phase.started')).toEqual(
    [...PROVISIONING_PHASES.map(p => p.id), 'control-plane'].sort(),
  );
  expect(audit.filter(e => e.outcome !== 'success')).toEqual([]);

  // Exactly one of each object on the cluster, all pods Ready, no fault left.
  const inventory = await settledInventory(
    kubeConfig,
    tenantSpecSchema.parse(ready.spec),
    renderContext,
  );
  expect(inventory.problems).toEqual([]);
});
