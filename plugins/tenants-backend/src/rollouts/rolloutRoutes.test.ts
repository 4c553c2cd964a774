import request from 'supertest';
import {
  PLATFORM_ADMIN,
  TENANT_ADMIN,
  startChangeRequestBackend,
  type ChangeRequestBackend,
} from '../__testUtils__/changeRequestBackend';
import { asService, asUser as as } from '../__testUtils__/tenantApi';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

/** Two declared versions; the three test tenants run the older one. */
const VERSIONS = {
  platformVersions: {
    versions: [
      { version: '1.0.0', imageTag: '1.0.0' },
      { version: '1.1.0', imageTag: '1.1.0' },
    ],
  },
  // The runner is woken by every start and settled upgrade; the schedule is
  // only the fallback.
  rollouts: {
    schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
  },
};

describe.each(ids)('rollouts on %s', databaseId => {
  let backend: ChangeRequestBackend;
  const api = () => request(backend.server);
  const rollout = async (id: string) =>
    (await api().get(`/api/tenants/v1/rollouts/${id}`).set(as(PLATFORM_ADMIN)))
      .body;
  const report = (id: string, body: object) =>
    api()
      .post(`/api/tenants/v1/change-requests/${id}/events`)
      .set(asService)
      .send(body);
  const tenantOf = (detail: any, slug: string) =>
    detail.tenants.find((t: any) => t.tenantSlug === slug);
  /** Polls the rollout until `until` holds (the runner works in the background). */
  const rolloutWhen = async (id: string, until: (detail: any) => boolean) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const detail = await rollout(id);
      if (until(detail)) return detail;
      if (Date.now() > deadline) {
        throw new Error(
          `Rollout never got there: ${JSON.stringify(detail, null, 2)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  };
  const apply = async (
    changeRequestId: string,
    outcome: 'applied' | 'failed',
  ) => {
    await report(changeRequestId, { type: 'started', taskId: 'task-x' });
    const response = await report(
      changeRequestId,
      outcome === 'applied'
        ? { type: 'applied' }
        : { type: 'failed', message: 'postgres never became ready' },
    );
    expect(response.status).toBe(200);
  };

  beforeEach(async () => {
    const knex = await databases.init(databaseId);
    backend = await startChangeRequestBackend(knex, { tenants: VERSIONS });
    // As if registered before 1.1.0 was declared.
    await knex('tenants').update({ platform_version: '1.0.0' });
  });

  it('tells who is behind the version in force', async () => {
    const versions = await api()
      .get('/api/tenants/v1/platform-versions')
      .set(as(TENANT_ADMIN));
    expect(versions.status).toBe(200);
    expect(versions.body).toMatchObject({
      current: '1.1.0',
      tenantsBehind: 3,
      versions: [
        { version: '1.0.0', current: false },
        { version: '1.1.0', current: true },
      ],
    });
    expect(versions.body.versions[1].images['ai-engine']).toBe(
      'registry.tenants.dev/platform/ai-engine:1.1.0',
    );
    const behind = await api()
      .get('/api/tenants/v1/tenants?behind=true')
      .set(as(PLATFORM_ADMIN));
    expect(behind.body.totalCount).toBe(3);
    expect(behind.body.items[0].platformVersion).toBe('1.0.0');
    const current = await api()
      .get('/api/tenants/v1/tenants?behind=false')
      .set(as(PLATFORM_ADMIN));
    expect(current.body.totalCount).toBe(0);
  });

  it('refuses rollouts to tenant admins and bad input with a reason, and records nothing', async () => {
    const start = (body: object, user = PLATFORM_ADMIN) =>
      api().post('/api/tenants/v1/rollouts').set(as(user)).send(body);
    expect((await start({}, TENANT_ADMIN)).status).toBe(403);
    expect(
      (await api().get('/api/tenants/v1/rollouts').set(as(TENANT_ADMIN)))
        .status,
    ).toBe(403);
    const unknownVersion = await start({ targetVersion: '9.9.9' });
    expect(unknownVersion.status).toBe(400);
    expect(unknownVersion.body.error.message).toBe(
      "Invalid request body: targetVersion: Platform version '9.9.9' is not declared in config (declared: 1.0.0, 1.1.0)",
    );
    const badWave = await start({ waveSize: 0 });
    expect(badWave.status).toBe(400);
    expect(badWave.body.error.message).toContain('waveSize must be at least 1');
    const unknownTenant = await start({
      tenantIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknownTenant.status).toBe(400);
    expect(unknownTenant.body.error.message).toContain(
      "tenantIds[0]: No tenant with id '00000000-0000-4000-8000-000000000000'",
    );
    const onTarget = await start({
      tenantIds: [backend.tenants.acme],
      targetVersion: '1.0.0',
    });
    expect(onTarget.status).toBe(400);
    expect(onTarget.body.error.message).toContain(
      "Tenant 'acme' already runs platform version 1.0.0",
    );
    const list = await api()
      .get('/api/tenants/v1/rollouts')
      .set(as(PLATFORM_ADMIN));
    expect(list.body).toEqual({ items: [], totalCount: 0 });
  });

  it('upgrades in waves, stops at the failure limit, retries, resumes and completes', async () => {
    const started = await api()
      .post('/api/tenants/v1/rollouts')
      .set(as(PLATFORM_ADMIN))
      .send({
        tenantIds: [
          backend.tenants.acme,
          backend.tenants.bravo,
          backend.tenants.starter,
        ],
        waveSize: 2,
        pauseSeconds: 0,
        maxFailures: 1,
      });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      targetVersion: '1.1.0',
      state: 'running',
      waves: 2,
      reason: 'Upgrade to platform version 1.1.0',
    });

    const firstWave = await rolloutWhen(started.body.id, d =>
      d.tenants
        .filter((t: any) => t.wave === 0)
        .every((t: any) => t.changeRequestId),
    );
    expect(tenantOf(firstWave, 'starter').state).toBe('pending');
    expect(backend.scaffolder.created.map(c => c.body.values.summary)).toEqual([
      'platform version 1.0.0 → 1.1.0',
      'platform version 1.0.0 → 1.1.0',
    ]);
    await apply(tenantOf(firstWave, 'acme').changeRequestId, 'applied');
    await apply(tenantOf(firstWave, 'bravo').changeRequestId, 'failed');

    const stopped = await rolloutWhen(
      started.body.id,
      d => d.state === 'stopped',
    );
    expect(stopped.stateReason).toBe(
      '1 tenant(s) failed (the rollout stops at 1): bravo',
    );
    expect(tenantOf(stopped, 'acme').state).toBe('upgraded');
    expect(tenantOf(stopped, 'bravo')).toMatchObject({
      state: 'failed',
      errorMessage: 'The upgrade failed: postgres never became ready',
    });
    expect(tenantOf(stopped, 'starter').state).toBe('pending');
    const acme = await api()
      .get(`/api/tenants/v1/tenants/${backend.tenants.acme}`)
      .set(as(PLATFORM_ADMIN));
    expect(acme.body.platformVersion).toBe('1.1.0');

    const tooEarly = await api()
      .post(`/api/tenants/v1/rollouts/${started.body.id}/resume`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toBe(
      '1 tenant(s) of the rollout are still failed (it stops at 1); retry or revert them first',
    );

    const retried = await api()
      .post(
        `/api/tenants/v1/rollouts/${started.body.id}/tenants/${backend.tenants.bravo}/retry`,
      )
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(retried.status).toBe(200);
    expect(tenantOf(retried.body, 'bravo').state).toBe('upgrading');
    expect(backend.scaffolder.retried).toHaveLength(1);
    await apply(tenantOf(retried.body, 'bravo').changeRequestId, 'applied');
    await rolloutWhen(
      started.body.id,
      d => tenantOf(d, 'bravo').state === 'upgraded',
    );

    const resumed = await api()
      .post(`/api/tenants/v1/rollouts/${started.body.id}/resume`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(resumed.status).toBe(200);
    const secondWave = await rolloutWhen(
      started.body.id,
      d => tenantOf(d, 'starter').changeRequestId,
    );
    await apply(tenantOf(secondWave, 'starter').changeRequestId, 'applied');
    const done = await rolloutWhen(
      started.body.id,
      d => d.state === 'completed',
    );
    expect(done.counts).toMatchObject({ upgraded: 3, failed: 0, pending: 0 });
    const behind = await api()
      .get('/api/tenants/v1/tenants?behind=true')
      .set(as(PLATFORM_ADMIN));
    expect(behind.body.totalCount).toBe(0);
  });

  it('returns a failed tenant to its previous version, and cancelling skips the tenants not started', async () => {
    const started = await api()
      .post('/api/tenants/v1/rollouts')
      .set(as(PLATFORM_ADMIN))
      .send({
        tenantIds: [backend.tenants.bravo, backend.tenants.acme],
        waveSize: 1,
        pauseSeconds: 3600,
        maxFailures: 2,
      });
    const first = await rolloutWhen(
      started.body.id,
      d => tenantOf(d, 'bravo').changeRequestId,
    );
    await apply(tenantOf(first, 'bravo').changeRequestId, 'failed');
    const waiting = await rolloutWhen(
      started.body.id,
      d => d.currentWave === 1 && d.nextWaveAt,
    );
    expect(tenantOf(waiting, 'acme').state).toBe('pending');

    const reverted = await api()
      .post(
        `/api/tenants/v1/rollouts/${started.body.id}/tenants/${backend.tenants.bravo}/revert`,
      )
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(reverted.status).toBe(200);
    const bravo = tenantOf(reverted.body, 'bravo');
    expect(bravo.state).toBe('reverting');
    const upgrade = await api()
      .get(
        `/api/tenants/v1/change-requests/${
          tenantOf(first, 'bravo').changeRequestId
        }`,
      )
      .set(as(PLATFORM_ADMIN));
    expect(upgrade.body.status).toBe('reverted');
    const repair = await api()
      .get(`/api/tenants/v1/change-requests/${bravo.changeRequestId}`)
      .set(as(PLATFORM_ADMIN));
    expect(repair.body).toMatchObject({
      changes: { repair: true },
      status: 'approved',
      platformVersion: '1.0.0',
    });
    // The return fails too, and its retry returns the tenant again.
    await apply(bravo.changeRequestId, 'failed');
    const returnFailed = await rolloutWhen(
      started.body.id,
      d => tenantOf(d, 'bravo').state === 'failed',
    );
    expect(tenantOf(returnFailed, 'bravo').errorMessage).toBe(
      'Returning to platform version 1.0.0 failed: postgres never became ready',
    );
    const retried = await api()
      .post(
        `/api/tenants/v1/rollouts/${started.body.id}/tenants/${backend.tenants.bravo}/retry`,
      )
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(tenantOf(retried.body, 'bravo')).toMatchObject({
      state: 'reverting',
      changeRequestId: bravo.changeRequestId,
    });
    await apply(bravo.changeRequestId, 'applied');
    await rolloutWhen(
      started.body.id,
      d => tenantOf(d, 'bravo').state === 'reverted',
    );

    const cancelled = await api()
      .post(`/api/tenants/v1/rollouts/${started.body.id}/cancel`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      stateReason: `Cancelled by ${PLATFORM_ADMIN}`,
    });
    expect(tenantOf(cancelled.body, 'acme').state).toBe('skipped');
    const again = await api()
      .post(`/api/tenants/v1/rollouts/${started.body.id}/pause`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(again.status).toBe(409);
    const tenant = await api()
      .get(`/api/tenants/v1/tenants/${backend.tenants.bravo}`)
      .set(as(PLATFORM_ADMIN));
    expect(tenant.body).toMatchObject({
      platformVersion: '1.0.0',
      state: 'ready',
    });
  });
});
