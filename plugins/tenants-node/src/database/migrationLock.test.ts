import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  migrateLatestWaitingForLock,
  waitForMigrationLockOn,
} from './migrationLock';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Migrations from memory: `names`, each creating a table of that name. */
function migrations(...names: string[]): Knex.MigratorConfig {
  return {
    migrationSource: {
      getMigrations: async () => names,
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => ({
        up: (knex: Knex) => knex.schema.createTable(name, t => t.increments()),
        down: (knex: Knex) => knex.schema.dropTable(name),
      }),
    },
  };
}

/** Another instance in the middle of migrating: the lock is held. */
const holdLock = (knex: Knex) =>
  knex('knex_migrations_lock').update({ is_locked: 1 });
const releaseLock = (knex: Knex) =>
  knex('knex_migrations_lock').update({ is_locked: 0 });

function tracked<T>(promise: Promise<T>) {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('migrateLatestWaitingForLock', () => {
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest(migrations('first'));
  });

  it('waits while another instance holds the lock, then migrates', async () => {
    await holdLock(knex);
    await expect(
      knex.migrate.latest(migrations('first', 'second')),
    ).rejects.toThrow('Migration table is already locked');

    let waitStarted!: (message: string) => void;
    const told = new Promise<string>(resolve => (waitStarted = resolve));
    const migrating = migrateLatestWaitingForLock(
      knex,
      migrations('first', 'second'),
      { onWait: message => waitStarted(message) },
    );
    const state = tracked(migrating);

    expect(await told).toBe(
      'Another instance is migrating the database (knex_migrations_lock is locked); waiting for it to finish',
    );
    // Still waiting after several looks at the lock.
    await knex('knex_migrations_lock').select('is_locked');
    expect(state.settled).toBe(false);
    expect(await knex.schema.hasTable('second')).toBe(false);

    await releaseLock(knex);
    await migrating;
    expect(await knex.schema.hasTable('second')).toBe(true);
  });

  it('gives up after the timeout, saying how to release a stale lock', async () => {
    await holdLock(knex);
    await expect(
      migrateLatestWaitingForLock(knex, migrations('first', 'second'), {
        timeoutMs: 1000,
      }),
    ).rejects.toThrow(
      "The database migration lock (knex_migrations_lock) was still held after 1s. If no other instance is migrating, a crashed migration left it locked: release it with 'knex migrate:unlock' or UPDATE knex_migrations_lock SET is_locked = 0.",
    );
    expect(await knex.schema.hasTable('second')).toBe(false);
  });

  it('passes other migration errors through at once', async () => {
    const broken: Knex.MigratorConfig = {
      migrationSource: {
        getMigrations: async () => ['first', 'broken'],
        getMigrationName: (name: string) => name,
        getMigration: async () => ({
          up: async () => {
            throw new Error('column "x" does not exist');
          },
          down: async () => {},
        }),
      },
    };
    await expect(migrateLatestWaitingForLock(knex, broken)).rejects.toThrow(
      'column "x" does not exist',
    );
  });
});

describe('waitForMigrationLockOn', () => {
  it('makes the client’s own migrate.latest wait for the lock, once however often applied', async () => {
    const knex = waitForMigrationLockOn(
      waitForMigrationLockOn(await databases.init('SQLITE_3')),
    );
    await knex.migrate.latest(migrations('first'));
    await holdLock(knex);

    const migrating = knex.migrate.latest(migrations('first', 'second'));
    const state = tracked(migrating);
    await knex('knex_migrations_lock').select('is_locked');
    expect(state.settled).toBe(false);

    await releaseLock(knex);
    await migrating;
    expect(await knex.schema.hasTable('second')).toBe(true);
    expect(
      await knex.migrate.currentVersion(migrations('first', 'second')),
    ).toBe('second');
  });
});
