import { Knex } from 'knex';
import type {
  TenantDriftReport,
  TenantDriftSummary,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { toIso } from './util';

/** A tenant's last drift check in short: its state, how many differences, when. */
export type CheckedDriftSummary = Exclude<
  TenantDriftSummary,
  { state: 'unchecked' }
>;

interface DriftRow {
  tenant_id: string;
  state: TenantDriftReport['state'];
  difference_count: number;
  report: string;
  checked_at: Date | string;
}

/** The last drift check of each tenant. */
export class DriftStore {
  constructor(private readonly db: Knex) {}

  /**
   * Keeps `report` as the tenant's last check; answers the state of the
   * check before it, if any.
   */
  async save(
    report: TenantDriftReport,
  ): Promise<TenantDriftReport['state'] | undefined> {
    return this.db.transaction(async tx => {
      const before = await tx<DriftRow>('tenant_drift')
        .where({ tenant_id: report.tenantId })
        .first('state');
      const row: DriftRow = {
        tenant_id: report.tenantId,
        state: report.state,
        difference_count:
          report.state === 'unknown' ? 0 : report.differences.length,
        report: JSON.stringify(report),
        checked_at: new Date(report.checkedAt),
      };
      await tx<DriftRow>('tenant_drift')
        .insert(row)
        .onConflict('tenant_id')
        .merge();
      return before?.state;
    });
  }

  /** The state and time of every tenant's last check, by tenant id. */
  async listStates(): Promise<Map<string, CheckedDriftSummary>> {
    const rows = await this.db<DriftRow>('tenant_drift').select(
      'tenant_id',
      'state',
      'difference_count',
      'checked_at',
    );
    return new Map(
      rows.map(row => [
        row.tenant_id,
        {
          state: row.state,
          differences: Number(row.difference_count),
          checkedAt: toIso(row.checked_at),
        },
      ]),
    );
  }

  /** The tenant's last check, or undefined when it was never checked. */
  async get(tenantId: string): Promise<TenantDriftReport | undefined> {
    const row = await this.db<DriftRow>('tenant_drift')
      .where({ tenant_id: tenantId })
      .first('report');
    return row ? JSON.parse(row.report) : undefined;
  }
}
