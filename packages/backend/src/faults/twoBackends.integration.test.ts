import {
  PROVISIONING_PHASES,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  deleteLabelledObjects,
  FIELD_MANAGER,
  listLabelledObjects,
  MANAGED_BY_LABEL,
  teardownKinds,
  TENANT_LABEL,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  provisioningSecrets,
  teardownSpecFor,
  uniqueSuffix,
} from '../__testUtils__/provisioningValues';
import { logMessages, startProvisioning } from '../__testUtils__/tasks';
import { settledInventory } from '../__testUtils__/tenantObjects';
import type { BackendProcess } from './__testUtils__/backendProcess';
import {
  prepareProcessStack,
  signInToProvision,
  type ProcessStack,
} from './__testUtils__/processStack';
import { untilTaskCompleted } from './__testUtils__/taskEvents';
import { storedRuns } from './__testUtils__/tenantRuns';

/**
 * Two instances of the real backend (src/index.ts) on one PostgreSQL, as in
 * a scaled-out deployment. Twenty tenants are submitted, ten to each; both
 * scaffolders claim tasks from the shared task table. Each tenant is
 * provisioned exactly once: one claim of its task, one run in the Tenant
 * Service, each phase started and completed once, and exactly its objects on
 * the (shared) test cluster.
 */

/** The data source's password, one for the whole test file. */
const secrets = provisioningSecrets();

jest.setTimeout(300_000);

const TENANTS = 20;
const unique = uniqueSuffix();
const slugs = Array.from({ length: TENANTS }, (_, i) => `two${unique}${i}`);

let stack: ProcessStack;
let backends: BackendProcess[] = [];

/**
 * The scaffolder's audit events of starting to execute task `taskId` in the
 * backend's log (`scaffolder.task`, actionType `execution`, status `initiated`).
 */
function executionsOf(backend: BackendProcess, taskId: string): string[] {
  return backend.output
    .map(line => line.replace(/\u001b\[\d+m/g, '')) // eslint-disable-line no-control-regex
    .filter(
      line =>
        line.includes('scaffolder.task') &&
        line.includes('"actionType":"execution"') &&
        line.includes(`"taskId":"${taskId}"`) &&
        line.includes('status="initiated"'),
    );
}

beforeAll(async () => {
  stack = await prepareProcessStack();
  // Both at once on the empty databases, as replicas of a deployment start:
  // every plugin's migrations of one backend wait for the other's
  // (src/services/databaseServiceFactory.ts) instead of failing the start-up
  // with MigrationLocked.
  backends = await Promise.all(
    ['backend A', 'backend B'].map(name => stack.start(name)),
  );
}, 240_000);

afterAll(async () => {
  if (!stack) return; // the cluster or PostgreSQL was missing
  await stack.stop();
  backends = [];
  // Every object of the twenty tenants is in their namespaces: deleting the
  // namespaces (all at once) takes everything with them; then nothing with
  // their labels may be left.
  const labelSelector = `${MANAGED_BY_LABEL}=${FIELD_MANAGER},${TENANT_LABEL} in (${slugs.join(
    ',',
  )})`;
  await deleteLabelledObjects(stack.kubeConfig, {
    labelSelector,
    kinds: [{ apiVersion: 'v1', kind: 'Namespace' }],
    timeoutMs: 120_000,
  });
  const left = await listLabelledObjects(stack.kubeConfig, labelSelector, [
    ...teardownKinds(teardownSpecFor(slugs[0]), stack.renderContext),
    { apiVersion: 'v1', kind: 'Pod' },
  ]);
  if (left.length > 0) {
    throw new Error(`Teardown left objects behind: ${left.join(', ')}`);
  }
}, 180_000);

it('provisions each of 20 tenants submitted to two backends on one database exactly once', async () => {
  const signedIn = await Promise.all(
    backends.map(async backend => ({
      backend,
      headers: await signInToProvision(backend),
    })),
  );

  // One after the other, alternating: a scaffolder's task worker that finds
  // no open task (another instance claimed it first) sleeps until a task is
  // created on its own instance, so simultaneous submissions leave one
  // instance idle while the other works through the queue.
  const submitted: Array<{
    slug: string;
    backend: BackendProcess;
    headers: Record<string, string>;
    taskId: string;
  }> = [];
  for (const [i, slug] of slugs.entries()) {
    const { backend, headers } = signedIn[i % signedIn.length];
    const taskId = await startProvisioning(backend.api, headers, {
      templateRef: stack.templateRef,
      slug,
      secrets,
    });
    submitted.push({ slug, backend, headers, taskId });
  }
  const finished = await Promise.all(
    submitted.map(async s => {
      const events = await untilTaskCompleted(
        s.backend.api,
        s.taskId,
        s.headers,
        {
          timeoutMs: 200_000,
        },
      );
      const task = await s.backend
        .api()
        .get(`/api/scaffolder/v2/tasks/${s.taskId}`)
        .set(s.headers);
      return { ...s, events, status: task.body.status as string };
    }),
  );
  expect(finished.map(f => `${f.slug} ${f.status}`)).toEqual(
    slugs.map(slug => `${slug} completed`),
  );

  const list = await signedIn[0].backend
    .api()
    .get('/api/tenants/v1/tenants?limit=100')
    .set(signedIn[0].headers);
  // Both instances worked: each executed some of the tasks.
  for (const backend of backends) {
    expect(
      finished.filter(f => executionsOf(backend, f.taskId).length > 0).length,
    ).toBeGreaterThan(0);
  }
  for (const f of finished) {
    // The task ran once: one backend's task worker claimed it (its audit
    // event of the execution), each phase begun and completed once.
    expect(
      backends.flatMap(b => executionsOf(b, f.taskId).map(() => b.name)),
    ).toHaveLength(1);
    const log = logMessages(f.events);
    expect(f.events.filter(e => e.type === 'recovered')).toEqual([]);
    expect(
      log.filter(line => /^Starting up task with \d+ steps$/.test(line)),
    ).toHaveLength(1);
    for (const { id } of PROVISIONING_PHASES.filter(
      p => p.id !== 'validation',
    )) {
      expect(
        log.filter(line => line.startsWith(`Phase ${id} completed: `)),
      ).toHaveLength(1);
    }

    // The Tenant Service: one run, each phase started and completed once, no
    // refused (conflicting) phase event.
    const tenant = list.body.items.find((t: any) => t.slug === f.slug);
    expect(tenant).toMatchObject({ state: 'ready' });
    const runs = await storedRuns(
      stack.databaseUrl,
      stack.databasePrefix,
      tenant.id,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      attempt: 1,
      status: 'completed',
      scaffolderTaskId: f.taskId,
    });
    expect(runs[0].phases.map(p => `${p.phaseId} ${p.status}`)).toEqual(
      PROVISIONING_PHASES.map(p => `${p.id} completed`),
    );
    // Phases ran one after the other: each started after the previous finished.
    for (let i = 1; i < runs[0].phases.length; i++) {
      expect(runs[0].phases[i].startedAt!.getTime()).toBeGreaterThanOrEqual(
        runs[0].phases[i - 1].finishedAt!.getTime(),
      );
    }
    const audit = (
      await f.backend
        .api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/audit?limit=100`)
        .set(f.headers)
    ).body.items as Array<{ action: string; outcome: string; details: any }>;
    for (const action of ['tenant.phase.started', 'tenant.phase.completed']) {
      expect(
        audit
          .filter(e => e.action === action)
          .map(e => `${e.details.phaseId} ${e.outcome}`)
          .sort(),
      ).toEqual(PROVISIONING_PHASES.map(p => `${p.id} success`).sort());
    }
    expect(audit.filter(e => e.outcome !== 'success')).toEqual([]);

    const inventory = await settledInventory(
      stack.kubeConfig,
      tenantSpecSchema.parse(tenant.spec),
      stack.renderContext,
    );
    expect({ slug: f.slug, problems: inventory.problems }).toEqual({
      slug: f.slug,
      problems: [],
    });
  }
});
