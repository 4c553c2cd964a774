import { ResponseError } from '@backstage/errors';
import {
  fakeTenantsClient as client,
  jsonResponse as json,
} from '../__testUtils__/fakeTenantsClient';

describe('TenantsClient (provisioning wizard)', () => {
  it('asks for the placement of a provider', async () => {
    const placement = { provider: 'aws', regions: [], nearest: null };
    const { client: c, fetch } = client(json(placement));
    await expect(c.getPlacement('aws')).resolves.toEqual(placement);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/tenants/v1/placement?provider=aws',
    );
  });

  it('posts a data source test as JSON', async () => {
    const result = { ok: false, message: 'Connection refused' };
    const { client: c, fetch } = client(json(result));
    const request = {
      name: 'warehouse',
      type: 'postgresql' as const,
      host: 'db',
      port: 5432,
      database: 'analytics',
      user: 'reporting',
      tlsMode: 'require' as const,
      password: 'pw',
    };
    await expect(c.testDataSource(request)).resolves.toEqual(result);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/tenants/v1/data-sources/test');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(init!.body as string)).toEqual(request);
  });

  it('gets the billing policy and posts dry runs', async () => {
    const policy = { billingTiers: {} };
    const { client: c, fetch } = client(json(policy));
    await expect(c.getPolicy()).resolves.toEqual(policy);
    expect(fetch).toHaveBeenCalledWith('http://backstage/api/tenants/v1/policy');

    const dryRun = client(json({ cluster: 'c', namespace: 'n', phases: [] }));
    await dryRun.client.dryRun({ spec: {} as any });
    expect(dryRun.fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/tenants/v1/tenants/dry-run',
    );
  });

  it('throws a ResponseError carrying the server message on a 4xx', async () => {
    const { client: c } = client(
      json(
        {
          error: { name: 'InputError', message: 'Invalid tenant spec: slug' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    const error = await c.dryRun({ spec: {} as any }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe('Invalid tenant spec: slug');
  });
});
