import request from 'supertest';
import {
  PLATFORM_ADMIN,
  STRANGER,
  TENANT_ADMIN,
  startChangeRequestBackend,
  type ChangeRequestBackend,
} from '../__testUtils__/changeRequestBackend';
import { asUser as as } from '../__testUtils__/tenantApi';
import { createTestDatabases } from '../__testUtils__/testDatabases';

/*
 * Who may preview changes and what bad input gets. The comparison with a
 * live cluster is proven in packages/backend (securityChange.integration.test.ts):
 * this backend's cluster cannot be reached, which the preview says.
 */

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('change previews on %s', databaseId => {
  let backend: ChangeRequestBackend;
  const api = () => request(backend.server);
  const preview = (slug: string, body: object, user = TENANT_ADMIN) =>
    api()
      .post(
        `/api/tenants/v1/tenants/${backend.tenants[slug]}/change-requests/preview`,
      )
      .set(as(user))
      .send(body);

  beforeEach(async () => {
    backend = await startChangeRequestBackend(await databases.init(databaseId));
  });

  it('previews the fields a change sets and what its cluster says, to whoever may file it', async () => {
    const response = await preview('acme', {
      changes: { resourceTier: 'large', modules: { core: true } },
    });
    expect(response.status).toBe(200);
    expect(response.body.diff).toEqual([
      { field: 'infrastructure.resourceTier', from: 'medium', to: 'large' },
    ]);
    expect(response.body.objects).toMatchObject({
      tenantId: backend.tenants.acme,
      cluster: 'local',
      state: 'unknown',
      reason: expect.stringMatching(/^The cluster local could not be read: /),
    });

    expect(
      (await preview('bravo', { changes: { gpuEnabled: true } })).status,
    ).toBe(404);
    expect(
      (await preview('acme', { changes: { gpuEnabled: true } }, STRANGER))
        .status,
    ).toBe(404);
    expect(
      (
        await preview(
          'bravo',
          { changes: { gpuEnabled: true } },
          PLATFORM_ADMIN,
        )
      ).status,
    ).toBe(200);
  });

  it('previews a filed request to whoever may read it', async () => {
    const filed = await api()
      .post(`/api/tenants/v1/tenants/${backend.tenants.acme}/change-requests`)
      .set(as(TENANT_ADMIN))
      .send({ changes: { mfaPolicy: 'optional' }, reason: 'Fewer prompts' });
    expect(filed.status).toBe(201);
    const of = (user: string) =>
      api()
        .get(`/api/tenants/v1/change-requests/${filed.body.id}/preview`)
        .set(as(user));
    const approver = await of(PLATFORM_ADMIN);
    expect(approver.status).toBe(200);
    expect(approver.body.diff).toEqual([
      { field: 'security.mfaPolicy', from: 'required-all', to: 'optional' },
    ]);
    expect((await of(TENANT_ADMIN)).body.diff).toEqual(approver.body.diff);
    expect((await of(STRANGER)).status).toBe(404);
  });

  it('answers malformed bodies and ids with a 400', async () => {
    for (const body of [
      {},
      { changes: {} },
      { changes: { region: 'eu-west-1' } },
      { changes: { allowedCidrs: ['10.0.0.0/33'] } },
      { changes: { resourceTier: 'large' }, extra: true },
    ]) {
      expect((await preview('acme', body)).status).toBe(400);
    }
    const region = await preview('acme', { changes: { region: 'eu-west-1' } });
    expect(region.body.error.fields).toEqual([
      {
        field: 'changes.region',
        message: expect.stringMatching(/^The region cannot change in place/),
      },
    ]);
    const badId = await api()
      .get('/api/tenants/v1/change-requests/nope/preview')
      .set(as(PLATFORM_ADMIN));
    expect(badId.status).toBe(400);
  });
});
