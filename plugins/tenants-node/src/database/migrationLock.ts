import type { Knex } from 'knex';

/** @public */
export interface MigrationLockWaitOptions {
  /** How long to wait for another instance's migrations (default 5 minutes). */
  timeoutMs?: number;
  /** Told once when the wait starts. */
  onWait?: (message: string) => void;
}

type Latest = (config?: Knex.MigratorConfig) => Promise<any>;

/** Pauses between looks at the lock, growing to the last one. */
const LOCK_CHECK_PAUSES_MS = [100, 200, 400, 800, 1000];

const isMigrationLocked = (error: unknown) =>
  (error as { name?: unknown })?.name === 'MigrationLocked';

/**
 * Two instances that both find no migration tables create them at the same
 * time; PostgreSQL refuses the second (42P07, or 23505 on the table's type).
 */
const lostTableCreationRace = (error: unknown) => {
  const e = error as { code?: unknown; constraint?: unknown };
  return (
    e?.code === '42P07' ||
    (e?.code === '23505' && e?.constraint === 'pg_type_typname_nsp_index')
  );
};

/** The lock table of a migrator config, as knex names it. */
function lockTableOf(config?: Knex.MigratorConfig) {
  const table = `${config?.tableName ?? 'knex_migrations'}_lock`;
  return { table, schema: config?.schemaName };
}

/** The lock table's rows: knex keeps exactly one, `is_locked` 0 or 1. */
async function lockRows(
  knex: Knex,
  config?: Knex.MigratorConfig,
): Promise<Array<{ is_locked: number | boolean }>> {
  const { table, schema } = lockTableOf(config);
  const query = schema ? knex.withSchema(schema).from(table) : knex(table);
  return query.select();
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * On PostgreSQL, lets one instance at a time run `latest` on this database's
 * migrations table, by a session advisory lock on a connection of its own.
 * knex's own lock cannot guard the creation of its tables: two instances
 * that both find none create them together, and can each insert the lock
 * row, after which knex can never take the lock again.
 */
async function oneInstanceAtATime<T>(
  knex: Knex,
  config: Knex.MigratorConfig | undefined,
  deadline: number,
  onBusy: () => void,
  run: () => Promise<T>,
): Promise<T> {
  if (knex.client.driverName !== 'pg') return run();
  const key = `migrations:${config?.schemaName ?? ''}.${
    config?.tableName ?? 'knex_migrations'
  }`;
  const connection = await knex.client.acquireConnection();
  try {
    for (let check = 0; ; check++) {
      const { rows } = await knex
        .raw(
          'SELECT pg_try_advisory_lock(hashtext(current_database() || ?)) AS locked',
          [key],
        )
        .connection(connection);
      if (rows[0].locked) break;
      if (check === 0) onBusy();
      if (Date.now() >= deadline) {
        throw new Error(
          `Another instance has been migrating the database for too long (PostgreSQL advisory lock on ${key} still held)`,
        );
      }
      await sleep(
        LOCK_CHECK_PAUSES_MS[Math.min(check, LOCK_CHECK_PAUSES_MS.length - 1)],
      );
    }
    try {
      return await run();
    } finally {
      await knex
        .raw('SELECT pg_advisory_unlock(hashtext(current_database() || ?))', [
          key,
        ])
        .connection(connection);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function latestWaitingForLock(
  knex: Knex,
  latest: Latest,
  config: Knex.MigratorConfig | undefined,
  options: MigrationLockWaitOptions,
): Promise<any> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const { table } = lockTableOf(config);
  let told = false;
  const tellWaiting = () => {
    if (told) return;
    told = true;
    options.onWait?.(
      `Another instance is migrating the database (${table} is locked); waiting for it to finish`,
    );
  };
  for (;;) {
    try {
      return await oneInstanceAtATime(knex, config, deadline, tellWaiting, () =>
        latest(config),
      );
    } catch (error) {
      if (lostTableCreationRace(error) && Date.now() < deadline) continue;
      if (!isMigrationLocked(error)) throw error;
    }
    tellWaiting();
    for (let check = 0; ; check++) {
      const rows = await lockRows(knex, config);
      if (rows.length !== 1) {
        throw new Error(
          `The database migration lock table ${table} holds ${rows.length} rows instead of one, so knex can never take the lock; delete all rows but one and set is_locked = 0 in it.`,
        );
      }
      if (Number(rows[0].is_locked) !== 1) break;
      if (Date.now() >= deadline) {
        throw new Error(
          `The database migration lock (${table}) was still held after ${Math.round(
            timeoutMs / 1000,
          )}s. If no other instance is migrating, a crashed migration left it locked: release it with 'knex migrate:unlock' or UPDATE ${table} SET is_locked = 0.`,
        );
      }
      await sleep(
        LOCK_CHECK_PAUSES_MS[Math.min(check, LOCK_CHECK_PAUSES_MS.length - 1)],
      );
    }
  }
}

/** On a client patched by waitForMigrationLockOn: creates knex's own migrator. */
const UNPATCHED_MIGRATOR = Symbol.for('tenants.unpatchedMigrator');

/**
 * Runs knex's `migrate.latest` and, when another instance holds the migration
 * lock (knex then fails at once with `MigrationLocked`, as when two backends
 * start together on an empty database), waits until the lock is released and
 * runs it again, which then finds little or nothing left to do. Fails after
 * the timeout naming the lock table: a crashed migration leaves it locked.
 *
 * @public
 */
export function migrateLatestWaitingForLock(
  knex: Knex,
  config?: Knex.MigratorConfig,
  options: MigrationLockWaitOptions = {},
): Promise<any> {
  // A client that already waits (waitForMigrationLockOn) must not wait twice:
  // the inner wait would queue behind the outer one's advisory lock.
  const migrator: Knex.Migrator =
    (knex as any)[UNPATCHED_MIGRATOR]?.() ?? knex.migrate;
  return latestWaitingForLock(knex, c => migrator.latest(c), config, options);
}

/**
 * Makes every `migrate.latest` on this client wait for another instance's
 * migrations instead of failing with `MigrationLocked` (see
 * {@link migrateLatestWaitingForLock}): for clients handed to plugins that
 * migrate on their own.
 *
 * @public
 */
export function waitForMigrationLockOn<T extends Knex>(
  knex: T,
  options: MigrationLockWaitOptions = {},
): T {
  if ((knex as any)[UNPATCHED_MIGRATOR]) return knex;
  // knex defines `migrate` on the client itself, as a getter that creates a migrator.
  const original = Object.getOwnPropertyDescriptor(knex, 'migrate');
  if (!original?.get) return knex;
  const createMigrator: () => Knex.Migrator = original.get.bind(knex);
  Object.defineProperty(knex, 'migrate', {
    configurable: true,
    get() {
      const migrator = createMigrator();
      const latest: Latest = migrator.latest.bind(migrator);
      migrator.latest = config =>
        latestWaitingForLock(knex, latest, config, options);
      return migrator;
    },
  });
  Object.defineProperty(knex, UNPATCHED_MIGRATOR, { value: createMigrator });
  return knex;
}
