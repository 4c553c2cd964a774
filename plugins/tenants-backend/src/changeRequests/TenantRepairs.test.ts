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

describe.each(ids)('repairs on %s', databaseId => {
  let backend: ChangeRequestBackend;
  const api = () => request(backend.server);
  const repair = (slug: string, body: object = {}, user = PLATFORM_ADMIN) =>
    api()
      .post(`/api/tenants/v1/tenants/${backend.tenants[slug]}/repair`)
      .set(as(user))
      .send(body);
  const report = (id: string, body: object) =>
    api()
      .post(`/api/tenants/v1/change-requests/${id}/events`)
      .set(asService)
      .send(body);
  const tenant = async (slug: string) =>
    (
      await api()
        .get(`/api/tenants/v1/tenants/${backend.tenants[slug]}`)
        .set(as(PLATFORM_ADMIN))
    ).body;

  beforeEach(async () => {
    backend = await startChangeRequestBackend(await databases.init(databaseId));
  });

  it('lets a platform admin repair at once: an approved repair request whose task starts on their behalf, audited', async () => {
    const response = await repair('acme', {
      reason: 'Replicas scaled by hand',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      tenantId: backend.tenants.acme,
      status: 'approved',
      changes: { repair: true },
      diff: [{ field: 'repair', from: false, to: true }],
      reason: 'Replicas scaled by hand',
      requestedBy: PLATFORM_ADMIN,
      decidedBy: PLATFORM_ADMIN,
      fromSpecVersion: 1,
      scaffolderTaskId: 'task-1',
    });
    expect(backend.scaffolder.created).toEqual([
      {
        body: {
          templateRef: 'template:default/tenant-change',
          values: {
            changeRequestId: response.body.id,
            tenant: 'acme',
            summary: 'repair drifted objects',
          },
        },
        onBehalfOf: PLATFORM_ADMIN,
      },
    ]);
    const audit = await api()
      .get(`/api/tenants/v1/tenants/${backend.tenants.acme}/audit`)
      .set(as(PLATFORM_ADMIN));
    expect(audit.body.items.map((e: any) => [e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['tenant.repair', 'success'],
        ['tenant.change-request.task', 'success'],
      ]),
    );
    expect(
      audit.body.items.find((e: any) => e.action === 'tenant.repair').details,
    ).toMatchObject({
      changeRequestId: response.body.id,
      reason: 'Replicas scaled by hand',
    });
  });

  it('applies a repair without a new spec version', async () => {
    const { body } = await repair('acme');
    expect(body.reason).toBe('Repair of drifted objects');
    await report(body.id, { type: 'started', taskId: 'task-1' });
    expect((await tenant('acme')).state).toBe('updating');
    const applied = await report(body.id, { type: 'applied' });
    expect(applied.body).toMatchObject({ status: 'applied' });
    expect(applied.body.appliedSpecVersion).toBeUndefined();
    expect(await tenant('acme')).toMatchObject({
      state: 'ready',
      specVersion: 1,
    });
    expect(backend.notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Change applied to tenant Tenant acme: repair drifted objects',
          description: "The tenant's objects match its spec again.",
        }),
      }),
    );
  });

  it('lets tenant admins ask for a repair by change request, not repair themselves', async () => {
    const direct = await repair('acme', {}, TENANT_ADMIN);
    expect(direct.status).toBe(403);
    const filed = await api()
      .post(`/api/tenants/v1/tenants/${backend.tenants.acme}/change-requests`)
      .set(as(TENANT_ADMIN))
      .send({ changes: { repair: true }, reason: 'Our API pods look odd' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      changes: { repair: true },
    });

    // The pending request covers the repair: a second one waits for it.
    const again = await repair('acme');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Change request ${filed.body.id} (pending, filed by ${TENANT_ADMIN}) already asks for a repair of tenant 'acme'; wait until it is decided or applied, or change other fields`,
    );
    const approved = await api()
      .post(`/api/tenants/v1/change-requests/${filed.body.id}/approve`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(approved.body).toMatchObject({
      status: 'approved',
      scaffolderTaskId: 'task-1',
    });
  });

  it('refuses a repair while another change is being applied, or the tenant is not ready, changing nothing', async () => {
    const filed = await api()
      .post(`/api/tenants/v1/tenants/${backend.tenants.acme}/change-requests`)
      .set(as(TENANT_ADMIN))
      .send({ changes: { resourceTier: 'large' }, reason: 'Growth' });
    await api()
      .post(`/api/tenants/v1/change-requests/${filed.body.id}/approve`)
      .set(as(PLATFORM_ADMIN))
      .send({});
    const whileApproved = await repair('acme');
    expect(whileApproved.status).toBe(409);
    expect(whileApproved.body.error.message).toBe(
      `Change request ${filed.body.id} of tenant 'acme' is approved; it can be repaired once that is applied`,
    );
    await report(filed.body.id, { type: 'started', taskId: 'task-1' });
    const whileUpdating = await repair('acme');
    expect(whileUpdating.status).toBe(409);
    expect(whileUpdating.body.error.message).toBe(
      "Tenant 'acme' is updating; it can be repaired once it is ready",
    );
    const list = await api()
      .get(`/api/tenants/v1/tenants/${backend.tenants.acme}/change-requests`)
      .set(as(PLATFORM_ADMIN));
    expect(list.body.items).toHaveLength(1);
    expect(backend.scaffolder.created).toHaveLength(1);
  });

  it('rejects hostile bodies and ids with a 400', async () => {
    for (const body of [
      { reason: '' },
      { reason: 'x'.repeat(2001) },
      { reason: 'a\u0000b' },
      { reason: 42 },
      { repair: true },
    ]) {
      const response = await repair('acme', body);
      expect(response.status).toBe(400);
    }
    const badId = await api()
      .post('/api/tenants/v1/tenants/not-a-uuid/repair')
      .set(as(PLATFORM_ADMIN))
      .send({});
    expect(badId.status).toBe(400);
    expect(backend.scaffolder.created).toHaveLength(0);
  });
});
