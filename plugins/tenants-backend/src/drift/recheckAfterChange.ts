import type { Knex } from 'knex';
import { TenantStore } from '../database/TenantStore';
import type { ChangeRequestEvent } from '../changeRequests/ChangeRequestEvent';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import type { TenantDriftChecker } from './TenantDriftChecker';

/**
 * A change request listener: once a change (or a repair) is applied, the
 * tenant's last drift check describes objects that changed since, so the
 * tenant is checked again and the new check is kept. The tenant is then
 * announced again: the announcement of the applied change went out before
 * this check, and pages that read the last check on it would show the old
 * one.
 */
export function recheckAfterChange(
  db: Knex,
  drift: Pick<TenantDriftChecker, 'check'>,
  tenantChanges: Pick<TenantChangeAnnouncer, 'announceStored'>,
) {
  return async (event: ChangeRequestEvent): Promise<void> => {
    if (event.kind !== 'applied') return;
    const tenant = await new TenantStore(db).getTenant(
      event.changeRequest.tenantId,
    );
    if (tenant.cluster) {
      await drift.check({ ...tenant, cluster: tenant.cluster });
      await tenantChanges.announceStored(tenant.id);
    }
  };
}
