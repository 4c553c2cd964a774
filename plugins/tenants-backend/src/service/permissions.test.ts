import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import request from 'supertest';
import { specInputFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { tenantsPlugin } from '../plugin';
import { minimalRootConfig } from '../__testUtils__/testConfig';
import { tenantAdminDecision } from '../__testUtils__/decisions';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const PLATFORM_ADMIN = 'user:default/platform-admin';
const TENANT_ADMIN = 'user:default/terry'; // admin of acme
const STRANGER = 'user:default/sam';
const as = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});
const asService = { Authorization: mockCredentials.service.header() };

/** A policy like the backend's: platform admins all, tenant admins read their tenants. */
function decide(
  permissionName: string,
  credentials: BackstageCredentials,
): PolicyDecision {
  const user = (credentials.principal as BackstageUserPrincipal).userEntityRef;
  if (user === PLATFORM_ADMIN) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (
    user === TENANT_ADMIN &&
    (permissionName === 'tenant.read' ||
      permissionName === 'tenant.change-request.create')
  ) {
    return tenantAdminDecision([TENANT_ADMIN, 'group:default/acme-admins']);
  }
  return { result: AuthorizeResult.DENY };
}

describe.each(ids)('Tenant Service permissions on %s', databaseId => {
  let knex: Knex;
  let server: any;
  let tenants: Record<string, string>;
  const permissions = mockServices.permissions.mock();
  const signals = { publish: jest.fn(async () => {}) };

  beforeEach(async () => {
    jest.clearAllMocks();
    permissions.authorize.mockImplementation(async (requests, options) =>
      requests.map(r => {
        const decision = decide(r.permission.name, options.credentials);
        return {
          result:
            decision.result === AuthorizeResult.ALLOW
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
    );
    permissions.authorizeConditional.mockImplementation(
      async (requests, options) =>
        requests.map(r => decide(r.permission.name, options.credentials)),
    );
    knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        minimalRootConfig(),
        permissions.factory,
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => signals,
        }),
      ],
    });
    server = backend.server;
    tenants = {};
    for (const slug of ['acme', 'bravo', 'charlie']) {
      const response = await request(server)
        .post('/api/tenants/v1/tenants')
        .set(as(PLATFORM_ADMIN))
        .send({ spec: specInputFor(slug) });
      if (response.status !== 201) {
        throw new Error(`Could not register ${slug}: ${response.text}`);
      }
      tenants[slug] = response.body.tenant.id;
    }
  });

  const api = () => request(server);

  describe('register (tenant.create)', () => {
    it('allows platform admins and service principals, denies others', async () => {
      const denied = await api()
        .post('/api/tenants/v1/tenants')
        .set(as(TENANT_ADMIN))
        .send({ spec: specInputFor('delta') });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: 'You are not allowed to register tenants',
      });
      const byService = await api()
        .post('/api/tenants/v1/tenants')
        .set(asService)
        .send({ spec: specInputFor('delta') });
      expect(byService.status).toBe(201);
      expect(Number((await knex('tenants').count({ n: '*' }))[0].n)).toBe(4);
    });

    it('guards the slug availability check the same way', async () => {
      const denied = await api()
        .get('/api/tenants/v1/slugs/acme/availability')
        .set(as(TENANT_ADMIN));
      expect(denied.status).toBe(403);
      const allowed = await api()
        .get('/api/tenants/v1/slugs/acme/availability')
        .set(as(PLATFORM_ADMIN));
      expect(allowed.body.available).toBe(false);
    });
  });

  describe('list (tenant.read, conditional)', () => {
    it('shows platform admins every tenant', async () => {
      const response = await api()
        .get('/api/tenants/v1/tenants?orderBy=name&order=asc')
        .set(as(PLATFORM_ADMIN));
      expect(response.body.totalCount).toBe(3);
      expect(response.body.items.map((t: any) => t.slug)).toEqual([
        'acme',
        'bravo',
        'charlie',
      ]);
    });

    it('shows tenant admins only their tenants, with a matching totalCount', async () => {
      const response = await api()
        .get('/api/tenants/v1/tenants')
        .set(as(TENANT_ADMIN));
      expect(response.status).toBe(200);
      expect(response.body.totalCount).toBe(1);
      expect(response.body.items.map((t: any) => t.slug)).toEqual(['acme']);
      expect(permissions.authorizeConditional).toHaveBeenCalledWith(
        [{ permission: expect.objectContaining({ name: 'tenant.read' }) }],
        expect.anything(),
      );
    });

    it('filters tenant admins’ tenants by drift within what they may read', async () => {
      const unchecked = await api()
        .get('/api/tenants/v1/tenants?drift=unchecked')
        .set(as(TENANT_ADMIN));
      expect(unchecked.body.totalCount).toBe(1);
      expect(unchecked.body.items.map((t: any) => [t.slug, t.drift])).toEqual([
        ['acme', { state: 'unchecked' }],
      ]);
      const drifted = await api()
        .get('/api/tenants/v1/tenants?drift=drifted')
        .set(as(TENANT_ADMIN));
      expect(drifted.body).toEqual({ items: [], totalCount: 0 });
    });

    it('shows others nothing', async () => {
      const response = await api()
        .get('/api/tenants/v1/tenants')
        .set(as(STRANGER));
      expect(response.body).toEqual({ items: [], totalCount: 0 });
    });
  });

  describe('get, status, audit and drift (tenant.read on the tenant)', () => {
    it.each(['', '/status', '/audit', '/drift'])(
      'answers %s for visible tenants and 404 for the others',
      async path => {
        const own = await api()
          .get(`/api/tenants/v1/tenants/${tenants.acme}${path}`)
          .set(as(TENANT_ADMIN));
        expect(own.status).toBe(200);
        const other = await api()
          .get(`/api/tenants/v1/tenants/${tenants.bravo}${path}`)
          .set(as(TENANT_ADMIN));
        expect(other.status).toBe(404);
        expect(other.body.error.message).toBe(
          `No tenant with id '${tenants.bravo}'`,
        );
        const stranger = await api()
          .get(`/api/tenants/v1/tenants/${tenants.acme}${path}`)
          .set(as(STRANGER));
        expect(stranger.status).toBe(404);
        const admin = await api()
          .get(`/api/tenants/v1/tenants/${tenants.bravo}${path}`)
          .set(as(PLATFORM_ADMIN));
        expect(admin.status).toBe(200);
      },
    );

    it('lets whoever may read the tenant check its drift now, and answers 404 to the others', async () => {
      const check = (slug: string, who: string) =>
        api()
          .post(`/api/tenants/v1/tenants/${tenants[slug]}/drift/check`)
          .set(as(who));
      // Allowed, but these tenants have no cluster to check them on.
      const own = await check('acme', TENANT_ADMIN);
      expect(own.status).toBe(409);
      expect(own.body.error.message).toBe(
        'Tenant acme has no cluster yet; its drift can be checked once it is registered on one',
      );
      expect((await check('bravo', PLATFORM_ADMIN)).status).toBe(409);
      const other = await check('bravo', TENANT_ADMIN);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(
        `No tenant with id '${tenants.bravo}'`,
      );
      expect((await check('acme', STRANGER)).status).toBe(404);
    });

    it('answers a tenant never checked as unchecked', async () => {
      const response = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/drift`)
        .set(as(TENANT_ADMIN));
      expect(response.body).toEqual({
        tenantId: tenants.acme,
        state: 'unchecked',
      });
    });
  });

  describe('rollback (tenant.manage)', () => {
    const rollback = (slug: string, who: string, body: object = {}) =>
      api()
        .post(`/api/tenants/v1/tenants/${tenants[slug]}/rollback`)
        .set(as(who))
        .send(body);
    const stateOf = async (slug: string) =>
      (await knex('tenants').where({ id: tenants[slug] }).first()).state;
    const settled = (slug: string) =>
      new Promise<void>(resolve => {
        const check = () =>
          signals.publish.mock.calls.some(
            ([m]: any) =>
              m.message.tenantId === tenants[slug] &&
              m.message.state === 'rolled_back',
          );
        if (check()) resolve();
        else
          signals.publish.mockImplementation(async () => {
            if (check()) resolve();
          });
      });

    it('answers 403 to a tenant admin, 404 to others, and changes nothing', async () => {
      const denied = await rollback('acme', TENANT_ADMIN);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        "You are not allowed to manage the provisioning of tenant 'acme'",
      );
      expect((await rollback('bravo', TENANT_ADMIN)).status).toBe(404);
      expect((await rollback('acme', STRANGER)).status).toBe(404);
      expect(await stateOf('acme')).toBe('pending');
    });

    it('refuses while a run is active and rolls back a failed tenant to rolled_back', async () => {
      const event = (type: string, extra: object = {}) =>
        api()
          .post(
            `/api/tenants/v1/tenants/${tenants.acme}/phases/namespace/events`,
          )
          .set(asService)
          .send({ type, ...extra });
      await event('started');
      const refused = await rollback('acme', PLATFORM_ADMIN);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        'Attempt 1 is still in progress (phase namespace in progress); roll back with {"cancel": true} to cancel its scaffolder task first',
      );
      await event('failed', { message: 'quota exceeded' });

      const done = settled('acme');
      const accepted = await rollback('acme', PLATFORM_ADMIN);
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({
        started: true,
        tenant: { slug: 'acme', state: 'rolling_back' },
      });
      await done;
      expect(await stateOf('acme')).toBe('rolled_back');

      // Phases can no longer report; retry has nothing failed to retry.
      expect((await event('started')).status).toBe(409);
      const retry = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/retry`)
        .set(as(PLATFORM_ADMIN))
        .send({ taskId: 'new-task' });
      expect(retry.status).toBe(409);

      const audit = await knex('tenant_audit_events')
        .where({ tenant_id: tenants.acme })
        .whereIn('action', ['tenant.rollback', 'tenant.rollback.finish'])
        .orderBy('at');
      expect(audit.map(a => `${a.action} ${a.outcome} ${a.actor}`)).toEqual([
        `tenant.rollback failure ${PLATFORM_ADMIN}`,
        `tenant.rollback success ${PLATFORM_ADMIN}`,
        `tenant.rollback.finish success ${PLATFORM_ADMIN}`,
      ]);
    });

    it('answers 400 to a bad rollback body', async () => {
      const response = await rollback('acme', PLATFORM_ADMIN, {
        cancel: 'yes',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe('cancel');
    });
  });

  describe('retry and phase events (tenant.manage)', () => {
    it('answers 403 for a visible tenant, 404 for an invisible one', async () => {
      const retry = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/retry`)
        .set(as(TENANT_ADMIN));
      expect(retry.status).toBe(403);
      expect(retry.body.error.message).toBe(
        "You are not allowed to manage the provisioning of tenant 'acme'",
      );
      const invisible = await api()
        .post(`/api/tenants/v1/tenants/${tenants.bravo}/retry`)
        .set(as(TENANT_ADMIN));
      expect(invisible.status).toBe(404);
      const event = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/phases/namespace/events`)
        .set(as(TENANT_ADMIN))
        .send({ type: 'started' });
      expect(event.status).toBe(403);
      const stranger = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/phases/namespace/events`)
        .set(as(STRANGER))
        .send({ type: 'started' });
      expect(stranger.status).toBe(404);
      const runs = await knex('tenant_runs').where({ tenant_id: tenants.acme });
      expect(runs.map(r => r.status)).toEqual(['pending']);
    });

    it('lets the scaffolder (a service) and platform admins report and retry', async () => {
      const started = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/phases/namespace/events`)
        .set(asService)
        .send({ type: 'started' });
      expect(started.status).toBe(200);
      const failed = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/phases/namespace/events`)
        .set(as(PLATFORM_ADMIN))
        .send({ type: 'failed', message: 'quota exceeded' });
      expect(failed.status).toBe(200);
      const retry = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/retry`)
        .set(as(PLATFORM_ADMIN))
        .send({ taskId: 'new-task' });
      expect(retry.status).toBe(201);
    });
  });

  describe('signals', () => {
    const recipients = (slug: string) => ({
      type: 'user',
      entityRef: [
        'group:default/platform-admins',
        `group:default/${slug}-admins`,
      ],
    });

    it('publishes every status change on the tenant channel and tenants:all', async () => {
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: recipients('acme'),
        channel: `tenants:${tenants.acme}`,
        message: {
          tenantId: tenants.acme,
          state: 'pending',
          run: { attempt: 1, status: 'pending' },
        },
      });
      expect(signals.publish).toHaveBeenCalledWith(
        expect.objectContaining({ channel: 'tenants:all' }),
      );
      expect(signals.publish).toHaveBeenCalledTimes(6); // 3 registrations
      signals.publish.mockClear();

      const report = (body: object) =>
        api()
          .post(
            `/api/tenants/v1/tenants/${tenants.bravo}/phases/namespace/events`,
          )
          .set(asService)
          .send(body);
      await report({ type: 'started' });
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: recipients('bravo'),
        channel: `tenants:${tenants.bravo}`,
        message: {
          tenantId: tenants.bravo,
          state: 'provisioning',
          phase: { id: 'namespace', status: 'in_progress' },
          run: { attempt: 1, status: 'in_progress' },
        },
      });
      signals.publish.mockClear();

      await report({ type: 'log', message: 'creating namespace' });
      expect(signals.publish).not.toHaveBeenCalled();

      await report({ type: 'failed', message: 'boom' });
      expect(signals.publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: `tenants:${tenants.bravo}`,
          message: expect.objectContaining({
            state: 'failed',
            phase: { id: 'namespace', status: 'failed' },
          }),
        }),
      );
      signals.publish.mockClear();

      await api()
        .post(`/api/tenants/v1/tenants/${tenants.bravo}/retry`)
        .set(as(PLATFORM_ADMIN))
        .send({ taskId: 'new-task' });
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: recipients('bravo'),
        channel: `tenants:${tenants.bravo}`,
        message: {
          tenantId: tenants.bravo,
          state: 'provisioning',
          run: { attempt: 2, status: 'pending' },
        },
      });
    });

    it('publishes nothing for rejected changes', async () => {
      signals.publish.mockClear();
      const early = await api()
        .post(`/api/tenants/v1/tenants/${tenants.acme}/phases/secrets/events`)
        .set(asService)
        .send({ type: 'started' });
      expect(early.status).toBe(409);
      expect(signals.publish).not.toHaveBeenCalled();
    });
  });
});
