import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_ENV =
  /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/** The PostgreSQL the test command provides: its major version and connection string. */
function providedPostgres(): { major: string; url: string } | undefined {
  for (const [key, url] of Object.entries(process.env)) {
    const major = POSTGRES_ENV.exec(key)?.[1];
    if (major && url) return { major, url };
  }
  return undefined;
}

/**
 * The databases backend tests run against: SQLite always, and PostgreSQL when
 * the test command provides one (scripts/test.sh starts it and sets
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  const postgres = providedPostgres();
  if (postgres) {
    ids.push(`POSTGRES_${postgres.major}` as TestDatabaseId);
  } else if (process.env.TENANTS_REQUIRE_POSTGRES === 'true') {
    throw new Error(
      'TENANTS_REQUIRE_POSTGRES is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is: ' +
        'run the tests through scripts/test.sh, which starts PostgreSQL.',
    );
  }
  return { databases: TestDatabases.create({ ids }), ids };
}

/**
 * The connection string of the PostgreSQL the test command provides, for
 * tests that talk to a real PostgreSQL server themselves (not as the plugin's
 * database). They cannot run without one, so its absence is an error.
 */
export function requirePostgresUrl(): URL {
  const postgres = providedPostgres();
  if (!postgres) {
    throw new Error(
      'This test needs a real PostgreSQL: start it with \'eval "$(scripts/postgres.sh start)"\' ' +
        'or run the tests through scripts/test.sh.',
    );
  }
  return new URL(postgres.url);
}
