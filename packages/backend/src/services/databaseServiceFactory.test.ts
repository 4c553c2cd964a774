import { ServiceFactoryTester } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { dropDatabases, requirePostgresUrl } from '../__testUtils__/postgres';
import { migrateLatestWaitingForLock } from '@tenant-platform/backstage-plugin-tenants-node';
import { databaseServiceFactory } from './databaseServiceFactory';

/**
 * Two instances of this backend starting together on an empty PostgreSQL
 * database: the plugin's migrations of the second wait for the first's.
 * Migrations outside a transaction, as several of the catalog's: knex then
 * holds its lock in a committed row and the second instance's `latest` fails
 * at once with `MigrationLocked` (a transactional batch would block on the
 * lock row instead).
 */

const url = requirePostgresUrl();
const prefix = `dbservice_${randomBytes(4).toString('hex')}_`;

/** A backend instance's database service for a plugin (`lockdemo` by default). */
function instance(pluginId = 'lockdemo') {
  return ServiceFactoryTester.from(databaseServiceFactory, {
    dependencies: [
      mockServices.rootConfig.factory({
        data: {
          backend: { database: { client: 'pg', connection: url, prefix } },
        },
      }),
    ],
  }).getSubject(pluginId);
}

afterAll(async () => {
  await dropDatabases(url, prefix);
});

it('lets a second instance wait for the first one’s migrations instead of failing with MigrationLocked', async () => {
  let entered!: () => void;
  const firstMigrationRuns = new Promise<void>(resolve => (entered = resolve));
  let finish!: () => void;
  const finishFirstMigration = new Promise<void>(resolve => (finish = resolve));
  const migrations: Knex.MigratorConfig = {
    migrationSource: {
      getMigrations: async () => ['001_things', '002_more_things'],
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => ({
        up: async (knex: Knex) => {
          if (name === '001_things') {
            entered();
            await finishFirstMigration;
          }
          await knex.schema.createTable(name, t => t.increments());
        },
        down: async () => {},
        config: { transaction: false },
      }),
    },
  };

  const [a, b] = await Promise.all([instance(), instance()]);
  const [knexA, knexB] = await Promise.all([a.getClient(), b.getClient()]);

  const migratingA = knexA.migrate.latest(migrations);
  await firstMigrationRuns; // instance A holds the lock now
  let bSettled = false;
  const migratingB = knexB.migrate.latest(migrations).finally(() => {
    bSettled = true;
  });
  const [lock] = await knexB('knex_migrations_lock').select('is_locked');
  expect(Number(lock.is_locked)).toBe(1);
  expect(bSettled).toBe(false);

  finish();
  await Promise.all([migratingA, migratingB]);

  const applied = await knexB('knex_migrations').select('name').orderBy('id');
  expect(applied.map(row => row.name)).toEqual([
    '001_things',
    '002_more_things',
  ]);
  expect(await knexB.schema.hasTable('002_more_things')).toBe(true);
  await Promise.all([knexA.destroy(), knexB.destroy()]);
});

it('keeps knex consistent when two instances find no migration tables at all, round after round', async () => {
  const migrations: Knex.MigratorConfig = {
    migrationSource: {
      getMigrations: async () => ['001_things'],
      getMigrationName: (name: string) => name,
      getMigration: async () => ({
        up: (knex: Knex) =>
          knex.schema.createTable('things', t => t.increments()),
        down: async () => {},
        config: { transaction: false },
      }),
    },
  };
  for (let round = 0; round < 5; round++) {
    const services = await Promise.all([
      instance(`race${round}`),
      instance(`race${round}`),
    ]);
    const clients = await Promise.all(services.map(s => s.getClient()));
    await Promise.all(clients.map(knex => knex.migrate.latest(migrations)));

    // One lock row, unlocked, and the migration recorded once: knex can
    // migrate this database again.
    const [knex] = clients;
    const lock = await knex('knex_migrations_lock').select('is_locked');
    expect(lock.map(row => Number(row.is_locked))).toEqual([0]);
    const applied = await knex('knex_migrations').select('name');
    expect(applied.map(row => row.name)).toEqual(['001_things']);
    await Promise.all(clients.map(c => c.destroy()));
  }
});

it('does not wait for itself when a plugin waits for the lock on a client that already does', async () => {
  const [service] = await Promise.all([instance('nested')]);
  const knex = await service.getClient();
  await migrateLatestWaitingForLock(
    knex,
    {
      migrationSource: {
        getMigrations: async () => ['001_things'],
        getMigrationName: (name: string) => name,
        getMigration: async () => ({
          up: (k: Knex) => k.schema.createTable('things', t => t.increments()),
          down: async () => {},
        }),
      },
    },
    { timeoutMs: 5_000 },
  );
  expect(await knex.schema.hasTable('things')).toBe(true);
  await knex.destroy();
});
