import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  TenantSpec,
  TenantState,
} from '@internal/backstage-plugin-tenants-common';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-tenants-backend',
  'migrations',
);

/** A tenant as the Tenant Service stores it. */
export interface TenantRecord {
  id: string;
  slug: string;
  name: string;
  spec: TenantSpec;
  state: TenantState;
  cluster?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  spec: string;
  state: TenantState;
  cluster: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const toIso = (value: Date | string) => new Date(value).toISOString();

function toRecord(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    spec: JSON.parse(row.spec),
    state: row.state,
    cluster: row.cluster ?? undefined,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  // PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint/i.test(e?.message ?? '')
  );
}

/** Tenant records in the Backstage database (SQLite in development, PostgreSQL in production). */
export class TenantStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<TenantStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new TenantStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async isSlugTaken(slug: string): Promise<boolean> {
    const row = await this.db<TenantRow>('tenants').where({ slug }).first('id');
    return row !== undefined;
  }

  /** Inserts a tenant; the unique slug index makes concurrent registrations of one slug race-safe. */
  async createTenant(input: {
    spec: TenantSpec;
    createdBy: string;
    cluster?: string;
  }): Promise<TenantRecord> {
    const row: TenantRow = {
      id: randomUUID(),
      slug: input.spec.details.slug,
      name: input.spec.details.name,
      spec: JSON.stringify(input.spec),
      state: 'pending',
      cluster: input.cluster ?? null,
      created_by: input.createdBy,
      created_at: new Date(),
      updated_at: new Date(),
    };
    try {
      await this.db<TenantRow>('tenants').insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A tenant with slug '${row.slug}' already exists`,
        );
      }
      throw error;
    }
    return toRecord(row);
  }

  async getTenant(id: string): Promise<TenantRecord> {
    const row = await this.db<TenantRow>('tenants').where({ id }).first();
    if (!row) {
      throw new NotFoundError(`No tenant with id '${id}'`);
    }
    return toRecord(row);
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = await this.db<TenantRow>('tenants')
      .select()
      .orderBy('created_at', 'desc');
    return rows.map(toRecord);
  }
}
