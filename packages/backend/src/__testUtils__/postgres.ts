import { Client } from 'pg';

const POSTGRES_ENV =
  /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/**
 * The connection string of the PostgreSQL the test command provides
 * (scripts/test.sh starts it). The fault tests run real backends on it and
 * cannot run without it, so its absence is an error.
 */
export function requirePostgresUrl(): string {
  for (const [key, url] of Object.entries(process.env)) {
    if (POSTGRES_ENV.test(key) && url) return url;
  }
  throw new Error(
    'This test needs a real PostgreSQL: start it with \'eval "$(scripts/postgres.sh start)"\' ' +
      'or run the tests through scripts/test.sh (BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).',
  );
}

/** Runs `fn` with a client connected to database `database` of the server at `url`. */
export async function withDatabase<T>(
  url: string,
  database: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const target = new URL(url);
  target.pathname = `/${database}`;
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops every database whose name starts with `prefix` (the plugin databases of a test backend). */
export async function dropDatabases(url: string, prefix: string) {
  if (!/^[a-z0-9_]+_$/.test(prefix)) {
    throw new Error(`Refusing to drop databases with the prefix '${prefix}'`);
  }
  await withDatabase(url, 'postgres', async client => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE "${datname.replace(/"/g, '""')}" WITH (FORCE)`,
      );
    }
  });
}
