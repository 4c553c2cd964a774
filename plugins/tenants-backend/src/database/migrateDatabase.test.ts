import { mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { migrateDatabase } from './util';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const directory = resolvePackagePath(
  '@tenant-platform/backstage-plugin-tenants-backend',
  'migrations',
);
const LOCK_TABLE = 'knex_migrations_lock';

/** No migrations: running them only creates knex's own tables. */
const noMigrations: Knex.MigrationSource<string> = {
  getMigrations: async () => [],
  getMigrationName: name => name,
  getMigration: async () => ({ up: async () => {}, down: async () => {} }),
};

/** The state of another instance in the middle of migrating the empty database. */
async function holdMigrationLock(knex: Knex) {
  await knex.migrate.latest({ migrationSource: noMigrations });
  await knex(LOCK_TABLE).update({ is_locked: 1 });
}

/** Resolves once `count` queries of the lock table have run on `knex`. */
function lockChecks(knex: Knex, count: number): Promise<void> {
  let seen = 0;
  return new Promise(resolve => {
    const onQuery = (query: { sql: string }) => {
      if (query.sql.includes(LOCK_TABLE) && ++seen >= count) {
        knex.removeListener('query', onQuery);
        resolve();
      }
    };
    knex.on('query', onQuery);
  });
}

function tracked<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe.each(ids)('migrateDatabase on %s', databaseId => {
  it('waits while another instance holds the migration lock, then migrates', async () => {
    const knex = await databases.init(databaseId);
    await holdMigrationLock(knex);
    let toldWaiting!: (message: string) => void;
    const waiting = new Promise<string>(resolve => (toldWaiting = resolve));
    const logger = mockServices.logger.mock({ info: toldWaiting as any });

    const checked = lockChecks(knex, 5);
    const migrated = tracked(
      migrateDatabase(mockServices.database({ knex }), { logger }),
    );
    await expect(waiting).resolves.toBe(
      `Another instance is migrating the database (${LOCK_TABLE} is locked); waiting for it to finish`,
    );
    await checked;
    expect(migrated.settled).toBe(false);
    await expect(knex.schema.hasTable('tenants')).resolves.toBe(false);

    await knex(LOCK_TABLE).update({ is_locked: 0 });
    await expect(migrated.promise).resolves.toBe(knex);
    const [, pending] = await knex.migrate.list({ directory });
    expect(pending).toEqual([]);
    await expect(knex.schema.hasTable('tenants')).resolves.toBe(true);
  });

  it('gives up after the bound, naming the lock table and how to release it', async () => {
    const knex = await databases.init(databaseId);
    await holdMigrationLock(knex);

    await expect(
      migrateDatabase(mockServices.database({ knex }), {
        migrationLockTimeoutMs: 1_000,
      }),
    ).rejects.toThrow(
      `The database migration lock (${LOCK_TABLE}) was still held after 1s. If no other instance is migrating, a crashed migration left it locked: release it with 'knex migrate:unlock' or UPDATE ${LOCK_TABLE} SET is_locked = 0.`,
    );
    await expect(knex.schema.hasTable('tenants')).resolves.toBe(false);
  });
});
