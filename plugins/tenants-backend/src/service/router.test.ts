import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { PROVISIONING_PHASES } from '@tenant-platform/backstage-plugin-tenants-common';
import { specInputFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { tenantsPlugin } from '../plugin';
import { minimalRootConfig } from '../__testUtils__/testConfig';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const ADMIN = 'user:default/platform-admin';
const asAdmin = { Authorization: mockCredentials.user.header(ADMIN) };
const asService = { Authorization: mockCredentials.service.header() };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe.each(ids)('Tenant Service routes on %s', databaseId => {
  let knex: Knex;
  let server: any;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        minimalRootConfig(),
      ],
    });
    server = backend.server;
  });

  const api = () => request(server);
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  const register = (slug: string, extra: object = {}) =>
    api()
      .post('/api/tenants/v1/tenants')
      .set(asAdmin)
      .send({ spec: specInputFor(slug), ...extra });
  const report = (id: string, phaseId: string, body: object) =>
    api()
      .post(`/api/tenants/v1/tenants/${id}/phases/${phaseId}/events`)
      .set(asService)
      .send(body);

  describe('POST /v1/tenants', () => {
    it('registers a tenant with its first run of eight pending phases', async () => {
      const response = await register('acme', {
        cluster: 'local',
        taskId: 'task-1',
      });
      expect(response.status).toBe(201);
      const { tenant, run } = response.body;
      expect(tenant).toMatchObject({
        slug: 'acme',
        state: 'pending',
        cluster: 'local',
        createdBy: ADMIN,
      });
      expect(tenant.spec.infrastructure.resourceTier).toBe('medium');
      expect(run).toMatchObject({
        attempt: 1,
        status: 'pending',
        scaffolderTaskId: 'task-1',
      });
      expect(run.phases.map((p: any) => [p.phaseId, p.status])).toEqual(
        PROVISIONING_PHASES.map(p => [p.id, 'pending']),
      );

      const read = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}`)
        .set(asAdmin);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: tenant.id, latestRun: run });

      const availability = await api()
        .get('/api/tenants/v1/slugs/acme/availability')
        .set(asAdmin);
      expect(availability.body).toEqual({
        slug: 'acme',
        available: false,
        reason: "A tenant with slug 'acme' already exists",
      });

      const audit = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/audit`)
        .set(asAdmin);
      expect(audit.body).toMatchObject({
        totalCount: 1,
        items: [
          {
            actor: ADMIN,
            action: 'tenant.register',
            tenantId: tenant.id,
            outcome: 'success',
            details: { slug: 'acme', runId: run.id, attempt: 1 },
          },
        ],
      });
    });

    it('rejects an invalid body with a 400 that names each field, and audits it', async () => {
      const spec = specInputFor('Bad-Slug', {
        details: { name: 'ab', adminEmail: 'nope' },
      });
      const response = await api()
        .post('/api/tenants/v1/tenants')
        .set(asAdmin)
        .send({ spec, cluster: '', extra: 1 });
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([
          {
            field: 'spec.details.name',
            message: 'Tenant name must be at least 3 characters',
          },
          {
            field: 'spec.details.slug',
            message:
              'Slug must start with a lowercase letter and contain only lowercase letters and digits',
          },
          {
            field: 'spec.details.adminEmail',
            message: 'Admin email must be a valid email address',
          },
          { field: 'cluster', message: 'Cluster must not be empty' },
          { field: 'extra', message: "Unknown field 'extra'" },
        ]),
      );
      expect(response.body.error.message).toContain(
        'spec.details.name: Tenant name must be at least 3 characters',
      );
      const events = await knex('tenant_audit_events').select();
      expect(events).toEqual([
        expect.objectContaining({
          action: 'tenant.register',
          actor: ADMIN,
          outcome: 'failure',
          tenant_id: null,
        }),
      ]);
      await expect(count('tenants')).resolves.toBe(0);
    });

    it('rejects malformed JSON with a 400', async () => {
      const response = await api()
        .post('/api/tenants/v1/tenants')
        .set(asAdmin)
        .set('Content-Type', 'application/json')
        .send('{"spec":');
      expect(response.status).toBe(400);
    });

    it('answers 401 to callers without valid credentials', async () => {
      const response = await api()
        .post('/api/tenants/v1/tenants')
        .set({ Authorization: mockCredentials.user.invalidHeader() })
        .send({ spec: specInputFor('acme') });
      expect(response.status).toBe(401);
    });

    it('lets exactly one of several concurrent registrations of a slug win', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => register('race')),
      );
      const statuses = responses.map(r => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
      const conflict = responses.find(r => r.status === 409)!;
      expect(conflict.body.error).toMatchObject({
        name: 'ConflictError',
        message: "A tenant with slug 'race' already exists",
      });
      await expect(count('tenants')).resolves.toBe(1);
      await expect(count('tenant_runs')).resolves.toBe(1);
      await expect(count('tenant_run_phases')).resolves.toBe(8);
      const failures = await knex('tenant_audit_events').where({
        outcome: 'failure',
      });
      expect(failures).toHaveLength(4);
      expect(JSON.parse(failures[0].details)).toMatchObject({
        slug: 'race',
        error: { name: 'ConflictError' },
      });
    });
  });

  describe('GET /v1/tenants', () => {
    beforeEach(async () => {
      for (const [slug, resourceTier, cloudProvider] of [
        ['alpha', 'small', 'aws'],
        ['bravo', 'large', 'gcp'],
        ['charlie', 'small', 'azure'],
      ] as const) {
        const response = await api()
          .post('/api/tenants/v1/tenants')
          .set(asAdmin)
          .send({
            spec: specInputFor(slug, {
              infrastructure: { resourceTier, cloudProvider },
            }),
          });
        if (response.status !== 201) {
          throw new Error(`Could not register ${slug}: ${response.text}`);
        }
      }
    });

    it('filters, sorts and pages', async () => {
      const response = await api()
        .get('/api/tenants/v1/tenants')
        .query({
          resourceTier: 'small',
          orderBy: 'name',
          order: 'asc',
          limit: 1,
          offset: 1,
        })
        .set(asAdmin);
      expect(response.status).toBe(200);
      expect(response.body.totalCount).toBe(2);
      expect(response.body.items.map((t: any) => t.slug)).toEqual(['charlie']);

      const search = await api()
        .get('/api/tenants/v1/tenants?search=BRAV&provider=gcp&state=pending')
        .set(asAdmin);
      expect(search.body.items.map((t: any) => t.slug)).toEqual(['bravo']);
    });

    it.each([
      ['limit=101', 'limit', 'limit must be at most 100'],
      ['limit=0', 'limit', 'limit must be at least 1'],
      ['limit=ten', 'limit', 'limit must be a number'],
      ['offset=-1', 'offset', 'offset must be at least 0'],
      ['orderBy=slug', 'orderBy', expect.stringContaining('createdAt')],
      ['state=done', 'state', expect.stringContaining('provisioning')],
      ['color=red', 'color', "Unknown field 'color'"],
    ])('answers 400 to %s', async (query, field, message) => {
      const response = await api()
        .get(`/api/tenants/v1/tenants?${query}`)
        .set(asAdmin);
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual([{ field, message }]);
    });
  });

  describe('GET /v1/tenants/:id', () => {
    it('answers 400 to an id that is not a UUID and 404 to an unknown one', async () => {
      const bad = await api().get('/api/tenants/v1/tenants/xyz').set(asAdmin);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'Invalid tenant id: Tenant id must be a UUID',
      );
      for (const path of ['', '/status', '/audit']) {
        const unknown = await api()
          .get(`/api/tenants/v1/tenants/${UNKNOWN_ID}${path}`)
          .set(asAdmin);
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.message).toBe(
          `No tenant with id '${UNKNOWN_ID}'`,
        );
      }
    });
  });

  describe('phase events, status and retry', () => {
    it('runs all phases in order to a ready tenant', async () => {
      const { tenant } = (await register('acme')).body;

      const pending = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/status`)
        .set(asAdmin);
      expect(pending.status).toBe(200);
      expect(pending.body).toMatchObject({
        tenant_id: tenant.id,
        current_phase: 1,
        total_phases: 8,
        phase_name: 'Namespace',
        status: 'pending',
        progress_percentage: 0,
        logs: [],
      });

      const early = await report(tenant.id, 'secrets', { type: 'started' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe(
        'Phase 2 (secrets) cannot start before phase 1 (namespace) has completed (it is pending)',
      );

      const statuses: number[] = [];
      const runPhase = async (phaseId: string, step: 'start' | 'finish') => {
        if (step === 'start') {
          statuses.push(
            (await report(tenant.id, phaseId, { type: 'started' })).status,
          );
          statuses.push(
            (
              await report(tenant.id, phaseId, {
                type: 'log',
                message: `working on ${phaseId}`,
              })
            ).status,
          );
        } else {
          statuses.push(
            (await report(tenant.id, phaseId, { type: 'completed' })).status,
          );
        }
      };
      const phaseIds = PROVISIONING_PHASES.map(p => p.id);
      for (const phaseId of phaseIds.slice(0, 4)) {
        await runPhase(phaseId, 'start');
        await runPhase(phaseId, 'finish');
      }
      await runPhase('data-plane', 'start');

      const midway = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/status`)
        .set(asAdmin);
      expect(midway.body).toMatchObject({
        current_phase: 5,
        phase_name: 'Data Plane',
        status: 'in_progress',
      });
      // namespace to control-plane are 310 of 790 expected seconds
      expect(midway.body.progress_percentage).toBeGreaterThanOrEqual(39);
      expect(midway.body.progress_percentage).toBeLessThan(50);
      const state = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}`)
        .set(asAdmin);
      expect(state.body.state).toBe('provisioning');

      await runPhase('data-plane', 'finish');
      for (const phaseId of phaseIds.slice(5)) {
        await runPhase(phaseId, 'start');
        await runPhase(phaseId, 'finish');
      }
      expect(statuses).toEqual(Array(24).fill(200));

      const done = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/status`)
        .set(asAdmin);
      expect(done.body).toMatchObject({
        current_phase: 8,
        phase_name: 'Validation',
        status: 'completed',
        progress_percentage: 100,
      });
      expect(done.body.logs).toHaveLength(24);
      expect(done.body.logs[1]).toMatch(
        /INFO \[namespace\] working on namespace$/,
      );
      const read = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}`)
        .set(asAdmin);
      expect(read.body.state).toBe('ready');

      const retry = await api()
        .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
        .set(asAdmin);
      expect(retry.status).toBe(409);
      expect(retry.body.error.message).toBe(
        'Nothing failed: the tenant is ready and its latest run (attempt 1) is completed; only a failed run can be retried',
      );

      const audit = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/audit?limit=100`)
        .set(asAdmin);
      // register + 8 started + 8 completed + early start (failure) + retry (failure); logs are not audited
      expect(audit.body.totalCount).toBe(19);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({
          actor: 'external:test-service',
          action: 'tenant.phase.started',
          outcome: 'failure',
        }),
      );
    });

    it('validates the phase id and the event body', async () => {
      const { tenant } = (await register('acme')).body;
      const unknownPhase = await report(tenant.id, 'bogus', {
        type: 'started',
      });
      expect(unknownPhase.status).toBe(400);
      expect(unknownPhase.body.error.message).toContain(
        'Phase id must be one of namespace, secrets',
      );
      const noMessage = await report(tenant.id, 'namespace', {
        type: 'failed',
      });
      expect(noMessage.status).toBe(400);
      expect(noMessage.body.error.fields).toEqual([
        {
          field: 'message',
          message: "Message is required for 'failed' events",
        },
      ]);
      const badType = await report(tenant.id, 'namespace', { type: 'done' });
      expect(badType.status).toBe(400);
      expect(badType.body.error.fields[0].field).toBe('type');
      const unknownTenant = await report(UNKNOWN_ID, 'namespace', {
        type: 'started',
      });
      expect(unknownTenant.status).toBe(404);
    });

    it('fails a run and retries it from the failed phase', async () => {
      const { tenant } = (await register('acme')).body;
      for (const phase of ['namespace', 'secrets']) {
        await report(tenant.id, phase, { type: 'started' });
        await report(tenant.id, phase, { type: 'completed' });
      }
      await report(tenant.id, 'data-infrastructure', { type: 'started' });
      const failed = await report(tenant.id, 'data-infrastructure', {
        type: 'failed',
        message: 'PostgreSQL did not become ready within 300s',
      });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        attempt: 1,
        phaseStatus: 'failed',
        runStatus: 'failed',
      });

      const status = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/status`)
        .set(asAdmin);
      expect(status.body).toMatchObject({
        status: 'failed',
        current_phase: 3,
        phase_name: 'Data Infrastructure',
      });
      expect(status.body.logs.at(-1)).toMatch(
        /ERROR \[data-infrastructure\] PostgreSQL did not become ready within 300s$/,
      );
      const afterFailure = await report(tenant.id, 'control-plane', {
        type: 'started',
      });
      expect(afterFailure.status).toBe(409);

      const [first, second] = await Promise.all([
        api()
          .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
          .set(asAdmin)
          .send({ taskId: 'task-2' }),
        api()
          .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
          .set(asAdmin)
          .send({ taskId: 'task-3' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      const retried = first.status === 201 ? first : second;
      expect(retried.body.run).toMatchObject({
        attempt: 2,
        status: 'pending',
      });
      expect(retried.body.run.phases.map((p: any) => p.status)).toEqual([
        'completed',
        'completed',
        ...Array(6).fill('pending'),
      ]);

      const read = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}`)
        .set(asAdmin);
      expect(read.body.state).toBe('provisioning');
      expect(read.body.latestRun.attempt).toBe(2);

      const resumed = await report(tenant.id, 'data-infrastructure', {
        type: 'started',
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({
        attempt: 2,
        runStatus: 'in_progress',
      });
      const progress = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}/status`)
        .set(asAdmin);
      expect(progress.body).toMatchObject({
        status: 'in_progress',
        current_phase: 3,
      });
      expect(progress.body.progress_percentage).toBe(1); // 10s of 790s

      const audit = await knex('tenant_audit_events').where({
        action: 'tenant.retry',
      });
      expect(audit.map(e => e.outcome).sort()).toEqual(['failure', 'success']);
      expect(audit.map(e => e.tenant_id)).toEqual([tenant.id, tenant.id]);
    });

    it('undoes the new attempt when the scaffolder cannot retry the task', async () => {
      const { tenant } = (await register('acme', { taskId: 'task-1' })).body;
      await report(tenant.id, 'namespace', { type: 'started' });
      await report(tenant.id, 'namespace', {
        type: 'failed',
        message: 'quota exceeded',
      });
      // No scaffolder runs in this backend: its API answers 404.
      const retry = await api()
        .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
        .set(asAdmin)
        .send({ secrets: { dataSourcePassword_warehouse: 'hunter2' } });
      expect(retry.status).toBe(404);
      expect(retry.body.error.message).toMatch(
        /^The scaffolder could not retry task task-1: /,
      );
      const read = await api()
        .get(`/api/tenants/v1/tenants/${tenant.id}`)
        .set(asAdmin);
      expect(read.body.state).toBe('failed');
      expect(read.body.latestRun).toMatchObject({
        attempt: 1,
        status: 'failed',
      });
      expect(await count('tenant_runs')).toBe(1);
      const audit = await knex('tenant_audit_events').where({
        action: 'tenant.retry',
      });
      expect(audit.map(a => a.outcome)).toEqual(['failure']);
      expect(audit.map(a => a.tenant_id)).toEqual([tenant.id]);
      expect(JSON.stringify(audit)).not.toContain('hunter2');
    });

    it('answers 400 to a bad retry body', async () => {
      const { tenant } = (await register('acme')).body;
      const response = await api()
        .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
        .set(asAdmin)
        .send({ taskId: 5 });
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe('taskId');
    });
  });
});
