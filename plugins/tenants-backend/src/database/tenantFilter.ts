import { Knex } from 'knex';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { TenantQuery } from '../permissions/resourceRef';

/**
 * Which tenants a caller may see: all, none, or those matching permission
 * criteria (from a conditional decision, translated by the tenant rules).
 */
export type TenantAccessFilter =
  | { type: 'all' }
  | { type: 'none' }
  | { type: 'criteria'; criteria: PermissionCriteria<TenantQuery> };

// Named with their table: a query may join another with a `state` (tenant_drift).
const COLUMNS: Record<TenantQuery['field'], string> = {
  slug: 'tenants.slug',
  state: 'tenants.state',
};

/** Adds permission criteria to a query of the `tenants` table as a WHERE clause. */
export function whereTenantCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<TenantQuery>,
): Knex.QueryBuilder {
  if (isAndCriteria(criteria)) {
    return query.where(builder => {
      for (const sub of criteria.allOf) {
        builder.andWhere(inner => {
          whereTenantCriteria(inner, sub);
        });
      }
    });
  }
  if (isOrCriteria(criteria)) {
    return query.where(builder => {
      for (const sub of criteria.anyOf) {
        builder.orWhere(inner => {
          whereTenantCriteria(inner, sub);
        });
      }
    });
  }
  if (isNotCriteria(criteria)) {
    return query.whereNot(builder => {
      whereTenantCriteria(builder, criteria.not);
    });
  }
  if (criteria.values.length === 0) {
    return query.whereRaw('1 = 0');
  }
  return query.whereIn(COLUMNS[criteria.field], criteria.values);
}

/** Adds an access filter to a query of the `tenants` table. */
export function whereTenantAccess(
  query: Knex.QueryBuilder,
  filter: TenantAccessFilter | undefined,
): Knex.QueryBuilder {
  if (!filter || filter.type === 'all') {
    return query;
  }
  if (filter.type === 'none') {
    return query.whereRaw('1 = 0');
  }
  return whereTenantCriteria(query, filter.criteria);
}
