import { Knex } from 'knex';
import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { migrateLatestWaitingForLock } from '@tenant-platform/backstage-plugin-tenants-node';

const migrationsDir = resolvePackagePath(
  '@tenant-platform/backstage-plugin-tenants-backend',
  'migrations',
);

/** How long to wait for another instance's migrations by default. */
const MIGRATION_LOCK_TIMEOUT_MS = 2 * 60_000;

/**
 * Returns the plugin's database client, migrated to the latest schema unless
 * migrations are skipped. When another instance holds knex's migration lock
 * (backends starting together on an empty database), waits for it to be
 * released, up to `migrationLockTimeoutMs`, rather than failing with
 * `MigrationLocked`.
 */
export async function migrateDatabase(
  database: DatabaseService,
  options?: {
    skipMigrations?: boolean;
    migrationLockTimeoutMs?: number;
    logger?: LoggerService;
  },
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip && !options?.skipMigrations) {
    await migrateLatestWaitingForLock(
      client,
      { directory: migrationsDir },
      {
        timeoutMs: options?.migrationLockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS,
        onWait: message => options?.logger?.info(message),
      },
    );
  }
  return client;
}

/** Timestamps come back as Date (PostgreSQL) or epoch milliseconds (SQLite). */
export const toIso = (value: Date | string | number) =>
  new Date(value).toISOString();

export const toIsoOrUndefined = (value: Date | string | number | null) =>
  value === null || value === undefined ? undefined : toIso(value);

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  // PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / SQLITE_CONSTRAINT_PRIMARYKEY
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint/i.test(e?.message ?? '')
  );
}

/** Row locks where the database has them (PostgreSQL); SQLite serializes writers anyway. */
export function forUpdate<T extends Knex.QueryBuilder>(db: Knex, query: T): T {
  const client = String(db.client.config.client ?? '');
  return (
    client === 'pg' || client === 'postgres' || client === 'postgresql'
      ? query.forUpdate()
      : query
  ) as T;
}
