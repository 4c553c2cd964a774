import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { silentServer } from '../../__testUtils__/sockets';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { tenantsPlugin } from '../../plugin';

jest.setTimeout(60_000);

/**
 * The connection-test route's host policy and rate limit, on loopback only:
 * loopback is configured as denied, and a server listening there proves that
 * a refused test never opens a connection.
 */

const { databases } = createTestDatabases();
const KEY = 'tenants.dataSources.connectionTests';
const asUser = (ref: string) => ({
  Authorization: mockCredentials.user.header(ref),
});

async function startBackend(connectionTests: object) {
  const backend = await startTestBackend({
    features: [
      tenantsPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      mockServices.rootConfig.factory({
        data: {
          tenants: {
            clusters: [
              {
                name: 'aws-east',
                provider: 'aws',
                regions: ['us-east-1'],
                preferred: true,
              },
            ],
            dataSources: { connectionTimeoutSeconds: 1, connectionTests },
          },
        },
      }),
      mockServices.permissions.factory(), // allows everything
    ],
  });
  return request(backend.server);
}

const source = {
  name: 'warehouse',
  type: 'postgresql',
  database: 'postgres',
  user: 'postgres',
  password: 'hunter2-secret',
  tlsMode: 'disable',
};

describe('POST /v1/data-sources/test with loopback denied', () => {
  let listening: Awaited<ReturnType<typeof silentServer>>;
  beforeEach(async () => {
    listening = await silentServer();
  });
  afterEach(() => listening.close());

  it.each(['127.0.0.1', 'localhost'])(
    'refuses %s with a 403 naming the rule, and opens no connection',
    async host => {
      const api = await startBackend({ loopback: 'deny' });
      const response = await api
        .post('/api/tenants/v1/data-sources/test')
        .set(asUser('user:default/ada'))
        .send({ ...source, host, port: listening.port });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          new RegExp(
            `^Connection tests may not reach (127\\.0\\.0\\.1|::1)${
              host === 'localhost' ? ' \\(localhost resolves to it\\)' : ''
            }: a loopback address, denied by ${KEY.replace(
              /\./g,
              '\\.',
            )}\\.loopback$`,
          ),
        ),
      });
      expect(response.text).not.toContain('hunter2-secret');
      expect(listening.accepted()).toBe(0);
    },
  );

  it('connects where the allow-list and the denials let it', async () => {
    const api = await startBackend({
      loopback: 'allow',
      allowedRanges: ['127.0.0.1/32'],
    });
    const allowed = await api
      .post('/api/tenants/v1/data-sources/test')
      .set(asUser('user:default/ada'))
      .send({ ...source, host: '127.0.0.1', port: listening.port });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ ok: false }); // a silent server times out
    expect(listening.accepted()).toBe(1);

    const outside = await api
      .post('/api/tenants/v1/data-sources/test')
      .set(asUser('user:default/ada'))
      .send({ ...source, host: '127.0.0.2', port: listening.port });
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toBe(
      `Connection tests may not reach 127.0.0.2: outside ${KEY}.allowedRanges`,
    );
  });
});

describe('POST /v1/data-sources/test, rate-limited per caller', () => {
  it('answers 429 with Retry-After once a caller used up the minute, not for others', async () => {
    const api = await startBackend({ loopback: 'deny', perCallerPerMinute: 2 });
    const test = (user: string) =>
      api
        .post('/api/tenants/v1/data-sources/test')
        .set(asUser(user))
        .send({ ...source, host: '127.0.0.1', port: 1 });

    expect((await test('user:default/ada')).status).toBe(403);
    expect((await test('user:default/ada')).status).toBe(403);
    const limited = await test('user:default/ada');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(limited.body.error).toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringMatching(
        /^Too many connection tests: at most 2 per 60 s; try again in \d+ s$/,
      ),
    });
    expect((await test('user:default/bo')).status).toBe(403);
  });
});
