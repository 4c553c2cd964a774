import { closedPort, silentServer } from '../../__testUtils__/sockets';
import { requirePostgresUrl } from '../../__testUtils__/testDatabases';
import { ConfigReader } from '@backstage/config';
import { ConnectionTestPolicy } from './ConnectionTestPolicy';
import { testDataSource, type DataSourceUnderTest } from './testDataSource';

/** The default policy allows loopback, where the test servers listen. */
const policy = ConnectionTestPolicy.fromConfig(new ConfigReader({}));
const testWithDefaultPolicy = (
  source: DataSourceUnderTest,
  options: { timeoutMs?: number } = {},
) => testDataSource(source, { policy, ...options });

jest.setTimeout(60_000);

describe('testDataSource against a real PostgreSQL', () => {
  const url = requirePostgresUrl();
  const source: DataSourceUnderTest = {
    name: 'warehouse',
    type: 'postgresql',
    host: url.hostname,
    port: Number(url.port || 5432),
    database: 'postgres',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tlsMode: 'disable',
  };

  it('connects, reports the server version and the latency', async () => {
    const result = await testWithDefaultPolicy(source);
    expect(result).toEqual({
      ok: true,
      message: expect.stringMatching(
        new RegExp(
          `^Connected to PostgreSQL \\d+\\.\\d+.* at ${source.host}:${source.port} as '${source.user}', database 'postgres', in \\d+ ms$`,
        ),
      ),
      latencyMs: expect.any(Number),
      serverVersion: expect.stringMatching(/^PostgreSQL \d+\.\d+/),
    });
  });

  it('says when the password is wrong, without echoing it', async () => {
    const password = 'not-the-password-7f3a9';
    const result = await testWithDefaultPolicy({ ...source, password });
    expect(result).toEqual({
      ok: false,
      message: `Password authentication failed for user '${source.user}'`,
    });
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it('says when the database does not exist', async () => {
    await expect(
      testWithDefaultPolicy({ ...source, database: 'no_such_database' }),
    ).resolves.toEqual({
      ok: false,
      message: "Database 'no_such_database' does not exist",
    });
  });

  it('says when the password is missing', async () => {
    await expect(
      testWithDefaultPolicy({ ...source, password: undefined }),
    ).resolves.toEqual({
      ok: false,
      message: `The server asks for a password for user '${source.user}', but none was given`,
    });
  });

  it("says when the server does not speak TLS and TLS is required (the schema's default mode)", async () => {
    await expect(
      testWithDefaultPolicy({ ...source, tlsMode: 'require' }),
    ).resolves.toEqual({
      ok: false,
      message:
        "The server does not support TLS; choose TLS mode 'disable' to connect without it",
    });
  });
});

describe.each([
  ['postgresql', 5432],
  ['mysql', 3306],
] as const)('testDataSource (%s) without a server', (type, defaultPort) => {
  const source: DataSourceUnderTest = {
    name: 'warehouse',
    type,
    host: '127.0.0.1',
    port: defaultPort,
    database: 'analytics',
    user: 'reader',
    password: 's3cret-password',
    tlsMode: 'disable',
  };

  it('says when the connection is refused', async () => {
    const port = await closedPort();
    await expect(testWithDefaultPolicy({ ...source, port })).resolves.toEqual({
      ok: false,
      message: `Connection refused by 127.0.0.1:${port}: nothing is listening on that port, or a firewall rejects the connection`,
    });
  });

  it('gives up after the timeout when the server never answers, and closes the connection', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const result = await testWithDefaultPolicy(
        { ...source, port: silent.port },
        { timeoutMs: 1000 },
      );
      const elapsed = Date.now() - started;
      expect(result).toEqual({
        ok: false,
        message: `Timed out after 1 s waiting for 127.0.0.1:${silent.port} to answer`,
      });
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(3000);
      for (let i = 0; i < 50 && silent.connections() > 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      expect(silent.connections()).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('says when the host cannot be found', async () => {
    await expect(
      testWithDefaultPolicy({ ...source, host: 'no-such-host.invalid' }),
    ).resolves.toEqual({
      ok: false,
      message:
        "Host 'no-such-host.invalid' could not be found (DNS lookup failed)",
    });
  });
});

describe('testDataSource for types without a live test', () => {
  it('checks Snowflake settings structurally and says it did not connect', async () => {
    const snowflake: DataSourceUnderTest = {
      name: 'sf',
      type: 'snowflake',
      host: 'acme-xy12345.snowflakecomputing.com',
      port: 443,
      database: 'ANALYTICS',
      user: 'reader',
      password: 'pw',
      tlsMode: 'verify-full',
    };
    await expect(testWithDefaultPolicy(snowflake)).resolves.toEqual({
      ok: false,
      message:
        'Snowflake connections cannot be tested live from Backstage; the settings are well-formed but were not tried',
    });
    await expect(
      testWithDefaultPolicy({ ...snowflake, host: 'db.example.com' }),
    ).resolves.toEqual({
      ok: false,
      message:
        "A Snowflake host looks like '<account>.snowflakecomputing.com'; 'db.example.com' does not",
    });
    await expect(
      testWithDefaultPolicy({ ...snowflake, port: 5432 }),
    ).resolves.toEqual({
      ok: false,
      message: 'Snowflake is reached over HTTPS on port 443, not 5432',
    });
  });

  it('checks that a BigQuery database is a project id', async () => {
    const bigquery: DataSourceUnderTest = {
      name: 'bq',
      type: 'bigquery',
      host: 'bigquery.googleapis.com',
      port: 443,
      database: 'acme-analytics',
      user: 'svc',
      tlsMode: 'verify-full',
    };
    await expect(testWithDefaultPolicy(bigquery)).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining(
        'BigQuery connections cannot be tested live',
      ),
    });
    await expect(
      testWithDefaultPolicy({ ...bigquery, database: 'Acme_Analytics' }),
    ).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining(
        'the database is the Google Cloud project id',
      ),
    });
  });
});
