import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_ENV =
  /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/**
 * The databases a test runs against, as in the plugins' tests: SQLite always,
 * and PostgreSQL when the test command provides one (scripts/test.sh starts it
 * and sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING). Call it
 * at the top of the test file: it registers the clean-up of the databases.
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  const major = Object.entries(process.env)
    .map(([key, url]) => (url ? POSTGRES_ENV.exec(key)?.[1] : undefined))
    .find(Boolean);
  if (major) {
    ids.push(`POSTGRES_${major}` as TestDatabaseId);
  } else if (process.env.TENANTS_REQUIRE_POSTGRES === 'true') {
    throw new Error(
      'TENANTS_REQUIRE_POSTGRES is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is: ' +
        'run the tests through scripts/test.sh, which starts PostgreSQL.',
    );
  }
  return { databases: TestDatabases.create({ ids }), ids };
}
