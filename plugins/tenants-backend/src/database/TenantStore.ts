import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  Tenant,
  ListTenantsQuery,
  TenantDriftSummary,
  TenantSpec,
  TenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantAccessFilter, whereTenantAccess } from './tenantFilter';
import {
  DRIFT_SUMMARY_COLUMNS,
  driftSummaryOf,
  DriftSummaryColumns,
  joinTenantDrift,
  whereTenantDrift,
} from './tenantDriftJoin';
import { forUpdate, isUniqueViolation, migrateDatabase, toIso } from './util';

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  spec: string;
  state: TenantState;
  cluster: string | null;
  billing_tier: string | null;
  resource_tier: string | null;
  cloud_provider: string | null;
  spec_version?: number | string;
  platform_version?: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

function toRecord(row: TenantRow): Tenant & { specVersion: number } {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    spec: JSON.parse(row.spec),
    state: row.state,
    cluster: row.cluster ?? undefined,
    specVersion: Number(row.spec_version ?? 1),
    ...(row.platform_version ? { platformVersion: row.platform_version } : {}),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

const ORDER_COLUMNS: Record<ListTenantsQuery['orderBy'], string> = {
  name: 'tenants.name',
  createdAt: 'tenants.created_at',
  updatedAt: 'tenants.updated_at',
  state: 'tenants.state',
};

/**
 * Filters, sorting and paging of {@link TenantStore.listTenants}; everything
 * optional. `behind` needs `upToDateVersions`: the platform version in force
 * and the newer ones.
 */
export type TenantListOptions = Partial<ListTenantsQuery> & {
  upToDateVersions?: readonly string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a search matches, exactly as the search indexes of migration
 * 20261212000000_tenant_search_indexes.js are built: the lower-cased name and
 * the slug, joined by a newline that a search cannot hold.
 */
const TENANT_SEARCH_TEXT = "lower(name) || '\n' || slug";

/** Tenants per read of {@link TenantStore.listAllTenants}. */
const ALL_TENANTS_PAGE = 500;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, m => `\\${m}`);

/**
 * Tenant records in the Backstage database (SQLite in development, PostgreSQL
 * in production). Construct it on a transaction to take part in one.
 */
export class TenantStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<TenantStore> {
    return new TenantStore(await migrateDatabase(options.database, options));
  }

  constructor(private readonly db: Knex) {}

  async isSlugTaken(slug: string): Promise<boolean> {
    const row = await this.db<TenantRow>('tenants').where({ slug }).first('id');
    return row !== undefined;
  }

  /** Inserts a tenant; the unique slug index makes concurrent registrations of one slug race-safe. */
  async createTenant(input: {
    spec: TenantSpec;
    createdBy: string;
    cluster?: string;
    platformVersion?: string;
  }): Promise<Tenant> {
    const now = new Date();
    const row: TenantRow = {
      id: randomUUID(),
      slug: input.spec.details.slug,
      name: input.spec.details.name,
      spec: JSON.stringify(input.spec),
      state: 'pending',
      cluster: input.cluster ?? null,
      billing_tier: input.spec.details.billingTier,
      resource_tier: input.spec.infrastructure.resourceTier,
      cloud_provider: input.spec.infrastructure.cloudProvider,
      platform_version: input.platformVersion ?? null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
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

  /** The tenant, or 404. With `lock`, its row is locked for the transaction (PostgreSQL). */
  async getTenant(
    id: string,
    options?: { lock?: boolean },
  ): Promise<Tenant & { specVersion: number }> {
    const query = this.db<TenantRow>('tenants').where({ id }).first();
    const row: TenantRow | undefined = await (options?.lock
      ? forUpdate(this.db, query)
      : query);
    if (!row) {
      throw new NotFoundError(`No tenant with id '${id}'`);
    }
    return toRecord(row);
  }

  /** The tenant with this id, or undefined (also for ids that are not UUIDs). */
  async findTenant(id: string): Promise<Tenant | undefined> {
    if (!UUID.test(id)) {
      return undefined;
    }
    const row = await this.db<TenantRow>('tenants').where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  /** Records the platform version a tenant runs (an upgrade was applied). */
  async setPlatformVersion(id: string, version: string): Promise<void> {
    await this.db<TenantRow>('tenants')
      .where({ id })
      .update({ platform_version: version, updated_at: new Date() });
  }

  /**
   * Records `version` for the tenants registered before platform versions
   * were recorded (their objects were rendered with the images config named
   * then, which the oldest declared version describes); answers how many.
   */
  async recordUnrecordedPlatformVersions(version: string): Promise<number> {
    return this.db<TenantRow>('tenants')
      .whereNull('platform_version')
      .update({ platform_version: version });
  }

  async setState(id: string, state: TenantState): Promise<void> {
    const updated = await this.db<TenantRow>('tenants')
      .where({ id })
      .update({ state, updated_at: new Date() });
    if (updated === 0) {
      throw new NotFoundError(`No tenant with id '${id}'`);
    }
  }

  /**
   * Gives the tenant `spec` as version `fromVersion + 1` and the state
   * `state`, only if its spec is still at `fromVersion` (409 otherwise).
   */
  async updateSpec(input: {
    tenantId: string;
    fromVersion: number;
    spec: TenantSpec;
    state: TenantState;
    at: Date;
  }): Promise<number> {
    const version = input.fromVersion + 1;
    const updated = await this.db<TenantRow>('tenants')
      .where({ id: input.tenantId, spec_version: input.fromVersion })
      .update({
        spec: JSON.stringify(input.spec),
        spec_version: version,
        billing_tier: input.spec.details.billingTier,
        resource_tier: input.spec.infrastructure.resourceTier,
        cloud_provider: input.spec.infrastructure.cloudProvider,
        state: input.state,
        updated_at: input.at,
      });
    if (updated === 0) {
      throw new ConflictError(
        `The tenant's spec is no longer at version ${input.fromVersion}; it was changed meanwhile`,
      );
    }
    return version;
  }

  /**
   * Every tenant, oldest first (for the catalog entity provider), read in
   * pages of {@link ALL_TENANTS_PAGE}. Other work runs between the pages: with
   * thousands of tenants, one read and the parsing of every spec would hold
   * the event loop for tens of milliseconds (SQLite reads synchronously).
   */
  async listAllTenants(): Promise<Tenant[]> {
    const tenants: Tenant[] = [];
    let after: TenantRow | undefined;
    for (;;) {
      const query = this.db<TenantRow>('tenants').select();
      if (after) {
        const { created_at: createdAt, id } = after;
        query.where(q =>
          q
            .where('created_at', '>', createdAt)
            .orWhere(k =>
              k.where('created_at', createdAt).where('id', '>', id),
            ),
        );
      }
      const rows: TenantRow[] = await query
        .orderBy([
          { column: 'created_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(ALL_TENANTS_PAGE);
      tenants.push(...rows.map(toRecord));
      if (rows.length < ALL_TENANTS_PAGE) return tenants;
      after = rows[rows.length - 1];
      await new Promise(resolve => setImmediate(resolve));
    }
  }

  /** The tenants in a state, oldest first. */
  async listTenantsInState(state: TenantState): Promise<Tenant[]> {
    const rows = await this.db<TenantRow>('tenants')
      .where('state', state)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toRecord);
  }

  /**
   * Filters, sorts and pages tenants, each with the summary of its last drift
   * check; `access` restricts the result (and its `totalCount`) to the
   * tenants the caller may read.
   */
  async listTenants(
    options: TenantListOptions = {},
    access?: TenantAccessFilter,
  ): Promise<{
    items: Array<Tenant & { specVersion: number; drift: TenantDriftSummary }>;
    totalCount: number;
  }> {
    // The drift is joined for the page, and for the count only when it filters.
    const filtered = (withDrift: boolean) => {
      const query = this.db<TenantRow>('tenants');
      if (withDrift) joinTenantDrift(query);
      whereTenantAccess(query, access);
      if (options.state) query.where('tenants.state', options.state);
      if (options.billingTier)
        query.where('tenants.billing_tier', options.billingTier);
      if (options.resourceTier)
        query.where('tenants.resource_tier', options.resourceTier);
      if (options.provider)
        query.where('tenants.cloud_provider', options.provider);
      if (options.cluster) query.where('tenants.cluster', options.cluster);
      if (options.drift) whereTenantDrift(query, options.drift);
      if (options.behind !== undefined) {
        const upToDate = [...(options.upToDateVersions ?? [])];
        if (options.behind) {
          query.whereNotIn('tenants.platform_version', upToDate);
        } else {
          query.whereIn('tenants.platform_version', upToDate);
        }
      }
      if (options.search) {
        const pattern = `%${escapeLike(options.search.toLowerCase())}%`;
        query.whereRaw(`${TENANT_SEARCH_TEXT} like ? escape '\\'`, [pattern]);
      }
      return query;
    };
    const order = options.order ?? 'desc';
    const [rows, [{ count }]] = await Promise.all([
      filtered(true)
        .select('tenants.*', ...DRIFT_SUMMARY_COLUMNS)
        .orderBy([
          { column: ORDER_COLUMNS[options.orderBy ?? 'createdAt'], order },
          { column: 'tenants.id', order },
        ])
        .limit(options.limit ?? 20)
        .offset(options.offset ?? 0),
      filtered(Boolean(options.drift)).count({ count: '*' }),
    ]);
    return {
      items: (rows as Array<TenantRow & DriftSummaryColumns>).map(row => ({
        ...toRecord(row),
        drift: driftSummaryOf(row),
      })),
      totalCount: Number(count),
    };
  }
}
