import { mockServices } from '@backstage/backend-test-utils';
import { PROVISIONING_PHASES } from '@tenant-platform/backstage-plugin-tenants-common';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { MAX_LOG_LINES_PER_RUN, RunStore } from './RunStore';
import { TenantStore } from './TenantStore';
import { migrateDatabase } from './util';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('RunStore on %s', databaseId => {
  async function setup(slug = 'acme', resourceTier?: 'small' | 'large') {
    const knex = await databases.init(databaseId);
    const db = await migrateDatabase(mockServices.database({ knex }));
    const tenants = new TenantStore(db);
    const tenant = await tenants.createTenant({
      spec: specFor(
        slug,
        resourceTier ? { infrastructure: { resourceTier } } : {},
      ),
      createdBy: 'user:default/admin',
    });
    return { db, tenants, runs: new RunStore(db), tenant };
  }

  it('creates a run with eight pending phases in execution order', async () => {
    const { runs, tenant } = await setup();
    const run = await runs.createRun({
      tenantId: tenant.id,
      attempt: 1,
      scaffolderTaskId: 'task-1',
    });
    expect(run).toMatchObject({
      tenantId: tenant.id,
      attempt: 1,
      scaffolderTaskId: 'task-1',
      status: 'pending',
    });
    expect(run.phases.map(p => [p.ordinal, p.phaseId, p.status])).toEqual(
      PROVISIONING_PHASES.map((p, i) => [i + 1, p.id, 'pending']),
    );
    await expect(runs.getLatestRun(tenant.id)).resolves.toEqual(run);
  });

  it('rejects a second run with the same attempt number as a conflict', async () => {
    const { runs, tenant } = await setup();
    await runs.createRun({ tenantId: tenant.id, attempt: 1 });
    await expect(
      runs.createRun({ tenantId: tenant.id, attempt: 1 }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('updates phases and runs and returns the newest attempt', async () => {
    const { runs, tenant } = await setup();
    const first = await runs.createRun({ tenantId: tenant.id, attempt: 1 });
    const started = new Date('2026-01-01T00:00:00.123Z');
    await runs.updatePhase(first.id, 'namespace', {
      status: 'completed',
      startedAt: started,
      finishedAt: new Date('2026-01-01T00:00:04.500Z'),
    });
    await runs.updatePhase(first.id, 'secrets', {
      status: 'failed',
      errorMessage: 'boom',
    });
    await runs.updateRun(first.id, { status: 'failed', startedAt: started });
    const failed = (await runs.getLatestRun(tenant.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.startedAt).toBe('2026-01-01T00:00:00.123Z');
    expect(failed.phases[0]).toMatchObject({
      status: 'completed',
      startedAt: '2026-01-01T00:00:00.123Z',
      finishedAt: '2026-01-01T00:00:04.500Z',
    });
    expect(failed.phases[1]).toMatchObject({
      status: 'failed',
      errorMessage: 'boom',
    });

    const second = await runs.createRun({
      tenantId: tenant.id,
      attempt: 2,
      completedPhases: [failed.phases[0]],
    });
    expect(second.phases.map(p => p.status)).toEqual([
      'completed',
      ...Array(7).fill('pending'),
    ]);
    await expect(runs.getLatestRun(tenant.id)).resolves.toMatchObject({
      id: second.id,
      attempt: 2,
    });
  });

  it('keeps only the newest log lines of a run', async () => {
    const { runs, tenant } = await setup();
    const run = await runs.createRun({ tenantId: tenant.id, attempt: 1 });
    for (let i = 0; i < 12; i++) {
      await runs.appendLogs(
        run.id,
        [{ phaseId: 'namespace', level: 'info', message: `line ${i}` }],
        { maxLines: 5 },
      );
    }
    await expect(runs.countLogs(run.id)).resolves.toBe(5);
    const logs = await runs.listLogs(run.id, 3);
    expect(logs.map(l => l.message)).toEqual(['line 9', 'line 10', 'line 11']);
    expect(logs[0]).toMatchObject({ phaseId: 'namespace', level: 'info' });
  });

  it(`bounds a run's log at ${MAX_LOG_LINES_PER_RUN} lines by default`, async () => {
    const { runs, tenant } = await setup();
    const run = await runs.createRun({ tenantId: tenant.id, attempt: 1 });
    for (let batch = 0; batch < 5; batch++) {
      await runs.appendLogs(
        run.id,
        Array.from({ length: 410 }, (_, i) => ({
          level: 'info' as const,
          message: `line ${batch * 410 + i}`,
        })),
      );
    }
    await expect(runs.countLogs(run.id)).resolves.toBe(MAX_LOG_LINES_PER_RUN);
    const [oldest] = await runs.listLogs(run.id, MAX_LOG_LINES_PER_RUN);
    expect(oldest.message).toBe(`line ${5 * 410 - MAX_LOG_LINES_PER_RUN}`);
  });

  it('reports phase durations of completed runs of the same resource tier only', async () => {
    const { db, runs, tenant } = await setup('small1', 'small');
    const tenants = new TenantStore(db);
    const large = await tenants.createTenant({
      spec: specFor('large1', { infrastructure: { resourceTier: 'large' } }),
      createdBy: 'user:default/admin',
    });
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (const [tenantId, seconds] of [
      [tenant.id, 7],
      [large.id, 100],
    ] as const) {
      const run = await runs.createRun({ tenantId, attempt: 1 });
      await runs.updatePhase(run.id, 'namespace', {
        status: 'completed',
        startedAt: new Date(t0),
        finishedAt: new Date(t0 + seconds * 1000),
      });
      await runs.updateRun(run.id, {
        status: 'completed',
        finishedAt: new Date(t0 + seconds * 1000),
      });
    }
    // an unfinished run of the same tier does not count
    const other = await tenants.createTenant({
      spec: specFor('small2', { infrastructure: { resourceTier: 'small' } }),
      createdBy: 'user:default/admin',
    });
    const running = await runs.createRun({ tenantId: other.id, attempt: 1 });
    await runs.updatePhase(running.id, 'namespace', {
      status: 'completed',
      startedAt: new Date(t0),
      finishedAt: new Date(t0 + 60_000),
    });

    await expect(runs.observedPhaseDurations('small')).resolves.toEqual([
      { phaseId: 'namespace', durationSeconds: 7 },
    ]);
    await expect(runs.observedPhaseDurations('medium')).resolves.toEqual([]);
  });
});
