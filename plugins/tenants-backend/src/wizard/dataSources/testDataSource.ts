import {
  checkServerIdentity,
  type ConnectionOptions as TlsOptions,
} from 'node:tls';
import { NotAllowedError } from '@backstage/errors';
import { createConnection } from 'mysql2';
import { Client } from 'pg';
import type {
  DataSourceTestResult,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ConnectionTarget,
  ConnectionTimeoutError,
  describeMysqlError,
  describePostgresError,
  formatDuration,
  withoutSecret,
} from './describeConnectionError';
import type { ConnectionTestPolicy } from './ConnectionTestPolicy';

type DataSource = TenantSpec['dataSources'][number];

/** A data source to try, with the password to try it with (never stored or logged). */
export type DataSourceUnderTest = Omit<DataSource, 'passwordSecret'> & {
  password?: string;
};

/** @public */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5000;

/** The TLS options of a TLS mode, as libpq means them. */
export function tlsOptionsFor(
  tlsMode: DataSource['tlsMode'],
  host: string,
): TlsOptions | undefined {
  switch (tlsMode) {
    case 'disable':
      return undefined;
    case 'require': // encrypted, certificate not checked
      return { rejectUnauthorized: false };
    case 'verify-ca': // certificate chain checked, host name not
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
    default:
      // The connection goes to a checked address: the certificate must
      // still name the host.
      return {
        rejectUnauthorized: true,
        servername: host,
        checkServerIdentity: (_servername, cert) =>
          checkServerIdentity(host, cert),
      };
  }
}

/**
 * Runs `work` with a deadline: when it passes, `abort` is called (to destroy
 * the connection) and the result is a ConnectionTimeoutError, whatever the
 * driver does afterwards.
 */
async function withDeadline<T>(
  timeoutMs: number,
  work: Promise<T>,
  abort: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new ConnectionTimeoutError(`Timed out after ${timeoutMs} ms`));
      try {
        abort();
      } catch {
        // the connection is being torn down anyway
      }
    }, timeoutMs);
  });
  work.catch(() => {}); // settled later than the deadline: nobody listens any more
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface Connected {
  serverVersion: string;
}

async function connectPostgres(
  source: DataSourceUnderTest,
  address: string,
  timeoutMs: number,
): Promise<Connected> {
  const client = new Client({
    host: address,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password ?? '',
    ssl: tlsOptionsFor(source.tlsMode, source.host) ?? false,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'backstage-tenants-connection-test',
  });
  client.on('error', () => {}); // late socket errors must not crash the backend
  const work = (async () => {
    try {
      await client.connect();
      const result = await client.query<{ server_version: string }>(
        'SHOW server_version',
      );
      return { serverVersion: `PostgreSQL ${result.rows[0].server_version}` };
    } finally {
      client.end().catch(() => {});
    }
  })();
  return withDeadline(timeoutMs, work, () => {
    // Destroys the socket at once, also while the server stays silent.
    (
      client as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  });
}

async function connectMysql(
  source: DataSourceUnderTest,
  address: string,
  timeoutMs: number,
): Promise<Connected> {
  const tls = tlsOptionsFor(source.tlsMode, source.host);
  const connection = createConnection({
    host: address,
    port: source.port,
    database: source.database,
    user: source.user,
    password: source.password ?? '',
    connectTimeout: timeoutMs,
    ...(tls
      ? {
          ssl: {
            rejectUnauthorized: tls.rejectUnauthorized,
            ...(tls.checkServerIdentity
              ? { checkServerIdentity: tls.checkServerIdentity }
              : {}),
          } as object,
        }
      : {}),
  });
  connection.on('error', () => {}); // late socket errors must not crash the backend
  const work = new Promise<Connected>((resolve, reject) => {
    connection.query('SELECT VERSION() AS version', (error, rows) => {
      connection.destroy();
      if (error) {
        reject(error);
        return;
      }
      const version = String((rows as Array<{ version: string }>)[0].version);
      resolve({
        serverVersion: /mariadb/i.test(version)
          ? `MariaDB ${version}`
          : `MySQL ${version}`,
      });
    });
  });
  return withDeadline(timeoutMs, work, () => connection.destroy());
}

const PROVIDERS = { snowflake: 'Snowflake', bigquery: 'BigQuery' } as const;

/**
 * Structural checks of the types that are not connected to live: what can
 * be said about the settings without credentials or a driver.
 */
function structuralProblem(source: DataSourceUnderTest): string | undefined {
  if (source.type === 'snowflake') {
    if (!/\.snowflakecomputing\.(com|cn)$/i.test(source.host)) {
      return `A Snowflake host looks like '<account>.snowflakecomputing.com'; '${source.host}' does not`;
    }
    if (source.port !== 443) {
      return `Snowflake is reached over HTTPS on port 443, not ${source.port}`;
    }
  }
  if (
    source.type === 'bigquery' &&
    !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(source.database)
  ) {
    return `For BigQuery, the database is the Google Cloud project id (6-30 lowercase letters, digits and hyphens, starting with a letter); '${source.database}' is not one`;
  }
  return undefined;
}

/**
 * Connects to a data source for real (PostgreSQL with `pg`, MySQL with
 * `mysql2`), runs a version query and disconnects, within `timeoutMs`, at the
 * address the policy admitted. Failures are answered (never thrown) in plain
 * words; the password never appears in them. A host the policy refuses is a
 * NotAllowedError (403), before any connection. Snowflake and BigQuery are
 * only checked structurally and answer `ok: false`: a test that did not
 * connect must not look like success.
 */
export async function testDataSource(
  source: DataSourceUnderTest,
  options: { policy: ConnectionTestPolicy; timeoutMs?: number },
): Promise<DataSourceTestResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  if (source.type === 'snowflake' || source.type === 'bigquery') {
    const provider = PROVIDERS[source.type];
    return {
      ok: false,
      message:
        structuralProblem(source) ??
        `${provider} connections cannot be tested live from Backstage; the settings are well-formed but were not tried`,
    };
  }
  const target: ConnectionTarget = source;
  const started = performance.now();
  try {
    // The name is looked up within the same deadline as the connection.
    const address = await withDeadline(
      timeoutMs,
      options.policy.admit(source.host),
      () => {},
    );
    const remainingMs = Math.max(1, timeoutMs - (performance.now() - started));
    const { serverVersion } =
      source.type === 'mysql'
        ? await connectMysql(source, address, remainingMs)
        : await connectPostgres(source, address, remainingMs);
    const latencyMs = Math.round(performance.now() - started);
    return {
      ok: true,
      message: `Connected to ${serverVersion} at ${source.host}:${
        source.port
      } as '${source.user}', database '${source.database}', in ${formatDuration(
        latencyMs,
      )}`,
      latencyMs,
      serverVersion,
    };
  } catch (error) {
    if (error instanceof NotAllowedError) {
      throw error;
    }
    // Only what the driver says is scrubbed: the user name may equal the password.
    const e = error as { code?: string; message?: string };
    const reported =
      error instanceof ConnectionTimeoutError
        ? error
        : {
            code: e?.code,
            message: withoutSecret(
              e?.message ?? String(error),
              source.password,
            ),
          };
    return {
      ok: false,
      message:
        source.type === 'mysql'
          ? describeMysqlError(reported, target, timeoutMs)
          : describePostgresError(reported, target, timeoutMs),
    };
  }
}
