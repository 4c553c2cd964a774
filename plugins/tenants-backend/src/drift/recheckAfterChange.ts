import type { Knex } from 'knex';
import { TenantStore } from '../database/TenantStore';
import type { ChangeRequestEvent } from '../changeRequests/ChangeRequestEvent';
import type { TenantDriftChecker } from './TenantDriftChecker';

/**
 * A change request listener: once a change (or a repair) is applied, the
 * tenant's last drift check describes objects that changed since, so the
 * tenant is checked again and the new check is kept.
 */
export function recheckAfterChange(
  db: Knex,
  drift: Pick<TenantDriftChecker, 'check'>,
) {
  return async (event: ChangeRequestEvent): Promise<void> => {
    if (event.kind !== 'applied') return;
    const tenant = await new TenantStore(db).getTenant(
      event.changeRequest.tenantId,
    );
    if (tenant.cluster) {
      await drift.check({ ...tenant, cluster: tenant.cluster });
    }
  };
}
