import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-tenants-backend',
  'migrations',
);

/** Returns the plugin's database client, migrated to the latest schema unless migrations are skipped. */
export async function migrateDatabase(
  database: DatabaseService,
  options?: { skipMigrations?: boolean },
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip && !options?.skipMigrations) {
    await client.migrate.latest({ directory: migrationsDir });
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
