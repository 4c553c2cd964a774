import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

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
  const postgres = Object.keys(process.env)
    .map(
      key =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
          key,
        )?.[1],
    )
    .find(Boolean);
  if (postgres) {
    ids.push(`POSTGRES_${postgres}` as TestDatabaseId);
  } else if (process.env.TENANTS_REQUIRE_POSTGRES === 'true') {
    throw new Error(
      'TENANTS_REQUIRE_POSTGRES is set but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is: ' +
        'run the tests through scripts/test.sh, which starts PostgreSQL.',
    );
  }
  return { databases: TestDatabases.create({ ids }), ids };
}
