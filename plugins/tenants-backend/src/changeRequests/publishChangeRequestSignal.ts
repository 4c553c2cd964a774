import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ALL_CHANGE_REQUESTS_SIGNAL_CHANNEL,
  ChangeRequestSignal,
  tenantChangeRequestSignalChannel,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantGroups } from '../permissions/TenantGroups';
import type { ChangeRequestEvent } from './ChangeRequestEvent';

/**
 * Publishes a change request's new status on
 * `tenant-change-requests:<tenantId>` and `tenant-change-requests:all` to the
 * users who may read the tenant (platform admins and the tenant's admins).
 */
export async function publishChangeRequestSignal(
  signals: SignalsService,
  event: ChangeRequestEvent,
  groups: TenantGroups = TenantGroups.defaults,
): Promise<void> {
  const request = event.changeRequest;
  const message: ChangeRequestSignal = {
    changeRequestId: request.id,
    tenantId: request.tenantId,
    status: request.status,
  };
  const recipients = {
    type: 'user' as const,
    entityRef: [
      ...groups.platformAdminGroups,
      groups.tenantAdminGroupRefOf(request.tenantSlug),
    ],
  };
  await Promise.all(
    [
      tenantChangeRequestSignalChannel(request.tenantId),
      ALL_CHANGE_REQUESTS_SIGNAL_CHANNEL,
    ].map(channel => signals.publish({ recipients, channel, message })),
  );
}
