import { Knex } from 'knex';
import type {
  Tenant,
  TenantSpec,
  TenantSpecVersion,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { toIso } from './util';

/** A tenant as far as the history of its spec needs it. */
type VersionedTenant = Pick<
  Tenant,
  'id' | 'spec' | 'createdBy' | 'createdAt'
> & { specVersion: number };

/**
 * The history of tenants' specs (`tenant_spec_versions`); the current spec
 * and its version are in the tenant row. Construct it on a transaction to
 * take part in one.
 */
export class SpecVersionStore {
  constructor(private readonly db: Knex) {}

  /**
   * Adds a version of a tenant's spec, and the version it replaced when that
   * is not there yet (tenants registered before versioning kept their first
   * version only in the tenant row).
   */
  async record(input: {
    tenantId: string;
    previous: {
      version: number;
      spec: TenantSpec;
      createdBy: string;
      createdAt: string;
    };
    version: number;
    spec: TenantSpec;
    createdBy: string;
    createdAt: Date;
    changeRequestId: string;
  }): Promise<void> {
    const { tenantId, previous } = input;
    const existing = await this.db('tenant_spec_versions')
      .where({ tenant_id: tenantId, version: previous.version })
      .first('version');
    if (!existing) {
      await this.db('tenant_spec_versions').insert({
        tenant_id: tenantId,
        version: previous.version,
        spec: JSON.stringify(previous.spec),
        created_at: new Date(previous.createdAt),
        created_by: previous.createdBy,
        change_request_id: null,
      });
    }
    await this.db('tenant_spec_versions').insert({
      tenant_id: tenantId,
      version: input.version,
      spec: JSON.stringify(input.spec),
      created_at: input.createdAt,
      created_by: input.createdBy,
      change_request_id: input.changeRequestId,
    });
  }

  /** The tenant's spec at a version, or undefined when unknown. */
  async specAt(
    tenant: VersionedTenant,
    version: number,
  ): Promise<TenantSpec | undefined> {
    const row = await this.db('tenant_spec_versions')
      .where({ tenant_id: tenant.id, version })
      .first('spec');
    if (row) return JSON.parse(row.spec);
    return tenant.specVersion === version ? tenant.spec : undefined;
  }

  /** Every version of a tenant's spec, newest first (the current one included). */
  async list(tenant: VersionedTenant): Promise<TenantSpecVersion[]> {
    const rows = await this.db('tenant_spec_versions')
      .where({ tenant_id: tenant.id })
      .orderBy('version', 'desc');
    const versions: TenantSpecVersion[] = rows.map(row => ({
      version: Number(row.version),
      spec: JSON.parse(row.spec),
      createdAt: toIso(row.created_at),
      createdBy: row.created_by,
      ...(row.change_request_id
        ? { changeRequestId: row.change_request_id }
        : {}),
    }));
    if (!versions.some(v => v.version === tenant.specVersion)) {
      // Registered after the migration and never changed: the row holds version 1.
      versions.unshift({
        version: tenant.specVersion,
        spec: tenant.spec,
        createdAt: tenant.createdAt,
        createdBy: tenant.createdBy,
      });
    }
    return versions;
  }
}
