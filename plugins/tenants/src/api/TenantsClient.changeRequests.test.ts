import { ResponseError } from '@backstage/errors';
import {
  fakeTenantsClient as client,
  jsonResponse as json,
} from '../__testUtils__/fakeTenantsClient';

const TENANT = '4b3c2a10-0000-4000-8000-000000000001';
const REQUEST = '9e8d7c6b-0000-4000-8000-000000000002';
const base = 'http://backstage/api/tenants';

describe('TenantsClient (change requests)', () => {
  it('lists the requests of all tenants or of one, with only the filters set', async () => {
    const { client: c, fetch } = client(
      json({ items: [], totalCount: 0 }),
      json({ items: [], totalCount: 0 }),
    );
    await c.listChangeRequests({ status: 'pending', limit: 50 });
    await c.listChangeRequests({ tenantId: TENANT, status: undefined });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/v1/change-requests?status=pending&limit=50`,
      `${base}/v1/tenants/${TENANT}/change-requests`,
    ]);
  });

  it('files, approves, rejects and retries with the bodies the API expects', async () => {
    const { client: c, fetch } = client(
      json({ id: REQUEST, status: 'pending' }, 201),
      json({ id: REQUEST, status: 'approved' }),
      json({ id: REQUEST, status: 'rejected' }),
      json({ id: REQUEST, status: 'approved' }),
    );
    await c.createChangeRequest(TENANT, {
      changes: { resourceTier: 'large' },
      reason: 'Quarter-end load',
    });
    await c.approveChangeRequest(REQUEST, { comment: 'Go ahead' });
    await c.rejectChangeRequest(REQUEST, { comment: 'Not this quarter' });
    await c.retryChangeRequest(REQUEST);
    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]),
    ).toEqual([
      [
        `${base}/v1/tenants/${TENANT}/change-requests`,
        'POST',
        JSON.stringify({
          changes: { resourceTier: 'large' },
          reason: 'Quarter-end load',
        }),
      ],
      [
        `${base}/v1/change-requests/${REQUEST}/approve`,
        'POST',
        JSON.stringify({ comment: 'Go ahead' }),
      ],
      [
        `${base}/v1/change-requests/${REQUEST}/reject`,
        'POST',
        JSON.stringify({ comment: 'Not this quarter' }),
      ],
      [`${base}/v1/change-requests/${REQUEST}/retry`, 'POST', '{}'],
    ]);
  });

  it('reads one request with its log and the spec versions of a tenant', async () => {
    const { client: c, fetch } = client(
      json({ id: REQUEST, logs: [] }),
      json({ items: [{ version: 2 }] }),
    );
    await expect(c.getChangeRequest(REQUEST)).resolves.toMatchObject({
      logs: [],
    });
    await expect(c.listSpecVersions(TENANT)).resolves.toEqual({
      items: [{ version: 2 }],
    });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/v1/change-requests/${REQUEST}`,
      `${base}/v1/tenants/${TENANT}/spec-versions`,
    ]);
  });

  it('passes on the Tenant Service’s refusal', async () => {
    const message =
      "You filed this change request yourself; another platform admin has to approve it";
    const { client: c } = client(
      json(
        { error: { name: 'NotAllowedError', message }, response: {} },
        403,
      ),
    );
    const error = await c.approveChangeRequest(REQUEST).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe(message);
  });
});
