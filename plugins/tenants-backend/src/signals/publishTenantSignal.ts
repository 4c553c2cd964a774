import { SignalsService } from '@backstage/plugin-signals-node';
import {
  TENANTS_ALL_SIGNAL_CHANNEL,
  tenantSignalChannel,
  TenantStatusSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantChange } from '../tenantChanges/TenantChange';
import { TenantGroups } from '../permissions/TenantGroups';

/** The signal message of a tenant change. */
export function toTenantStatusSignal(change: TenantChange): TenantStatusSignal {
  return {
    tenantId: change.tenant.id,
    state: change.tenant.state,
    ...(change.phase ? { phase: change.phase } : {}),
    run: change.run,
  };
}

/**
 * Publishes a tenant change on `tenants:<tenantId>` and `tenants:all` to the
 * users who may read the tenant: members of the platform admins group and
 * of the tenant's admins group. (The signals service addresses `user`
 * recipients by entity ref and matches them against each connection's
 * ownership entity refs, which include the user's groups.)
 */
export async function publishTenantSignal(
  signals: SignalsService,
  change: TenantChange,
  groups: TenantGroups = TenantGroups.defaults,
): Promise<void> {
  const recipients = {
    type: 'user' as const,
    entityRef: [
      ...groups.platformAdminGroups,
      groups.tenantAdminGroupRefOf(change.tenant.slug),
    ],
  };
  const message = toTenantStatusSignal(change);
  await Promise.all(
    [tenantSignalChannel(change.tenant.id), TENANTS_ALL_SIGNAL_CHANNEL].map(
      channel => signals.publish({ recipients, channel, message }),
    ),
  );
}
