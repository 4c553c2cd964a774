import { Knex } from 'knex';
import type { TenantDriftSummary } from '@tenant-platform/backstage-plugin-tenants-common';
import { toIso } from './util';

/** The columns {@link DRIFT_SUMMARY_COLUMNS} adds to a row of `tenants`. */
export interface DriftSummaryColumns {
  drift_state: Exclude<TenantDriftSummary['state'], 'unchecked'> | null;
  drift_differences: number | string | null;
  drift_checked_at: Date | string | number | null;
}

/** What a query joined by {@link joinTenantDrift} selects of the tenant's last check. */
export const DRIFT_SUMMARY_COLUMNS = [
  'tenant_drift.state as drift_state',
  'tenant_drift.difference_count as drift_differences',
  'tenant_drift.checked_at as drift_checked_at',
];

/**
 * Joins each tenant's last drift check (at most one: `tenant_id` is the key
 * of `tenant_drift`) to a query of the `tenants` table, keeping tenants never
 * checked, so counts and pages stay those of the tenants. Both tables have a
 * `state`: the query must name its columns with their table.
 */
export function joinTenantDrift(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.leftJoin('tenant_drift', 'tenant_drift.tenant_id', 'tenants.id');
}

/** Keeps the tenants of a query joined by {@link joinTenantDrift} whose drift is `state`. */
export function whereTenantDrift(
  query: Knex.QueryBuilder,
  state: TenantDriftSummary['state'],
): Knex.QueryBuilder {
  return state === 'unchecked'
    ? query.whereNull('tenant_drift.tenant_id')
    : query.where('tenant_drift.state', state);
}

/** The drift summary of a row selected with {@link DRIFT_SUMMARY_COLUMNS}. */
export function driftSummaryOf(row: DriftSummaryColumns): TenantDriftSummary {
  if (row.drift_state === null || row.drift_checked_at === null) {
    return { state: 'unchecked' };
  }
  return {
    state: row.drift_state,
    differences: Number(row.drift_differences),
    checkedAt: toIso(row.drift_checked_at),
  };
}
