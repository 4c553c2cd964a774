import { ResponseError } from '@backstage/errors';
import {
  fakeTenantsClient as client,
  jsonResponse as json,
} from '../__testUtils__/fakeTenantsClient';

const ROLLOUT = '7a6b5c4d-0000-4000-8000-000000000003';
const TENANT = '4b3c2a10-0000-4000-8000-000000000001';
const REQUEST = '9e8d7c6b-0000-4000-8000-000000000002';
const base = 'http://backstage/api/tenants';

describe('TenantsClient (platform versions and rollouts)', () => {
  it('reads the platform versions and lists tenants behind the one in force', async () => {
    const { client: c, fetch } = client(
      json({ current: '1.1.0', versions: [], tenantsBehind: 2 }),
      json({ items: [], totalCount: 0 }),
      json({ items: [], totalCount: 0 }),
    );
    await expect(c.getPlatformVersions()).resolves.toMatchObject({
      current: '1.1.0',
      tenantsBehind: 2,
    });
    await c.listTenants({ behind: true, limit: 100 });
    await c.listTenants({ behind: false });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/v1/platform-versions`,
      `${base}/v1/tenants?behind=true&limit=100`,
      `${base}/v1/tenants?behind=false`,
    ]);
  });

  it('lists rollouts with only the filters set and reads one', async () => {
    const { client: c, fetch } = client(
      json({ items: [], totalCount: 0 }),
      json({ items: [], totalCount: 0 }),
      json({ id: ROLLOUT, tenants: [] }),
    );
    await c.listRollouts();
    await c.listRollouts({ state: 'running', limit: 20, offset: 20 });
    await expect(c.getRollout(ROLLOUT)).resolves.toEqual({
      id: ROLLOUT,
      tenants: [],
    });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/v1/rollouts`,
      `${base}/v1/rollouts?state=running&limit=20&offset=20`,
      `${base}/v1/rollouts/${ROLLOUT}`,
    ]);
  });

  it('starts, pauses, resumes and cancels rollouts and retries or reverts a tenant, with the bodies the API expects', async () => {
    const { client: c, fetch } = client(
      json({ id: ROLLOUT, state: 'running' }, 201),
      json({ id: ROLLOUT, state: 'paused' }),
      json({ id: ROLLOUT, state: 'running' }),
      json({ id: ROLLOUT, state: 'cancelled' }),
      json({ id: ROLLOUT, state: 'running' }),
      json({ id: ROLLOUT, state: 'running' }),
    );
    await expect(
      c.startRollout({
        targetVersion: '1.1.0',
        tenantIds: [TENANT],
        waveSize: 1,
        pauseSeconds: 0,
        maxFailures: 1,
        reason: 'Security fixes',
      }),
    ).resolves.toMatchObject({ state: 'running' });
    await c.pauseRollout(ROLLOUT);
    await c.resumeRollout(ROLLOUT);
    await c.cancelRollout(ROLLOUT);
    await c.retryRolloutTenant(ROLLOUT, TENANT);
    await c.revertRolloutTenant(ROLLOUT, TENANT);
    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]),
    ).toEqual([
      [
        `${base}/v1/rollouts`,
        'POST',
        JSON.stringify({
          targetVersion: '1.1.0',
          tenantIds: [TENANT],
          waveSize: 1,
          pauseSeconds: 0,
          maxFailures: 1,
          reason: 'Security fixes',
        }),
      ],
      [`${base}/v1/rollouts/${ROLLOUT}/pause`, 'POST', '{}'],
      [`${base}/v1/rollouts/${ROLLOUT}/resume`, 'POST', '{}'],
      [`${base}/v1/rollouts/${ROLLOUT}/cancel`, 'POST', '{}'],
      [`${base}/v1/rollouts/${ROLLOUT}/tenants/${TENANT}/retry`, 'POST', '{}'],
      [`${base}/v1/rollouts/${ROLLOUT}/tenants/${TENANT}/revert`, 'POST', '{}'],
    ]);
  });

  it('reverts a failed change request with an optional comment', async () => {
    const { client: c, fetch } = client(
      json({ id: 'repair', status: 'approved' }, 201),
      json({ id: 'repair', status: 'approved' }, 201),
    );
    await c.revertChangeRequest(REQUEST, { comment: 'Back to 1.0.0' });
    await c.revertChangeRequest(REQUEST);
    expect(
      fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body]),
    ).toEqual([
      [
        `${base}/v1/change-requests/${REQUEST}/revert`,
        'POST',
        JSON.stringify({ comment: 'Back to 1.0.0' }),
      ],
      [`${base}/v1/change-requests/${REQUEST}/revert`, 'POST', '{}'],
    ]);
  });

  it('passes on a conflict with the Tenant Service’s message', async () => {
    const message = `Rollout ${ROLLOUT} is completed; it cannot be paused`;
    const { client: c } = client(
      json({ error: { name: 'ConflictError', message }, response: {} }, 409),
    );
    const error = await c.pauseRollout(ROLLOUT).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(409);
    expect(error.body.error.message).toBe(message);
  });
});
