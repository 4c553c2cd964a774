import { ResponseError } from '@backstage/errors';
import {
  fakeTenantsClient as client,
  jsonResponse as json,
} from '../__testUtils__/fakeTenantsClient';

const ID = '4b3c2a10-0000-4000-8000-000000000001';

describe('TenantsClient (tenant pages)', () => {
  it('lists tenants with only the filters that are set', async () => {
    const { client: c, fetch } = client(
      json({ items: [], totalCount: 0 }),
      json({ items: [], totalCount: 0 }),
    );
    await c.listTenants();
    await c.listTenants({
      state: 'failed',
      billingTier: 'enterprise',
      provider: undefined,
      drift: 'drifted',
      search: 'acme corp',
      limit: 20,
      offset: 40,
      orderBy: 'updatedAt',
      order: 'desc',
    });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backstage/api/tenants/v1/tenants',
      'http://backstage/api/tenants/v1/tenants?state=failed&billingTier=enterprise&drift=drifted&search=acme+corp&limit=20&offset=40&orderBy=updatedAt&order=desc',
    ]);
  });

  it('gets a tenant with its newest run and its status', async () => {
    const { client: c, fetch } = client(
      json({ id: ID, latestRun: { attempt: 1 } }),
      json({ tenant_id: ID, status: 'in_progress' }),
    );
    await expect(c.getTenant(ID)).resolves.toMatchObject({
      latestRun: { attempt: 1 },
    });
    await expect(c.getStatus(ID)).resolves.toMatchObject({
      status: 'in_progress',
    });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `http://backstage/api/tenants/v1/tenants/${ID}`,
      `http://backstage/api/tenants/v1/tenants/${ID}/status`,
    ]);
  });

  it('posts retry with the secrets and rollback with cancel', async () => {
    const { client: c, fetch } = client(
      json({ previous: {}, run: { attempt: 2 } }, 201),
      json({ started: true, tenant: { state: 'rolling_back' } }, 202),
    );
    await c.retry(ID, { secrets: { dataSourcePassword_w: 'pw' } });
    await c.rollback(ID, { cancel: true });
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.body])).toEqual([
      [
        `http://backstage/api/tenants/v1/tenants/${ID}/retry`,
        JSON.stringify({ secrets: { dataSourcePassword_w: 'pw' } }),
      ],
      [
        `http://backstage/api/tenants/v1/tenants/${ID}/rollback`,
        JSON.stringify({ cancel: true }),
      ],
    ]);
  });

  it('reads the last drift check and posts a check now', async () => {
    const { client: c, fetch } = client(
      json({ tenantId: ID, state: 'unchecked' }),
      json({ tenantId: ID, state: 'in_sync', differences: [] }),
    );
    await expect(c.getDrift(ID)).resolves.toEqual({
      tenantId: ID,
      state: 'unchecked',
    });
    await expect(c.checkDrift(ID)).resolves.toMatchObject({
      state: 'in_sync',
    });
    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method ?? 'GET']),
    ).toEqual([
      [`http://backstage/api/tenants/v1/tenants/${ID}/drift`, 'GET'],
      [`http://backstage/api/tenants/v1/tenants/${ID}/drift/check`, 'POST'],
    ]);
  });

  it('starts a repair with the reason, if any', async () => {
    const { client: c, fetch } = client(
      json({ id: 'cr-1', status: 'applying' }, 201),
      json({ id: 'cr-2', status: 'applying' }, 201),
    );
    await expect(
      c.repairTenant(ID, { reason: 'replicas scaled by hand' }),
    ).resolves.toMatchObject({ id: 'cr-1' });
    await c.repairTenant(ID);
    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]),
    ).toEqual([
      [
        `http://backstage/api/tenants/v1/tenants/${ID}/repair`,
        'POST',
        JSON.stringify({ reason: 'replicas scaled by hand' }),
      ],
      [`http://backstage/api/tenants/v1/tenants/${ID}/repair`, 'POST', '{}'],
    ]);
  });

  it('turns refusals into ResponseErrors carrying the server’s message', async () => {
    const { client: c } = client(
      json(
        {
          error: {
            name: 'ConflictError',
            message:
              'Nothing failed: the newest run of tenant acme is completed',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const error = await c.retry(ID).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(
      'Nothing failed: the newest run of tenant acme is completed',
    );
  });
});
