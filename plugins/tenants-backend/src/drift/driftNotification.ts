import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  DriftDifference,
  Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  platformAdminRecipients,
  tenantEntityPath,
} from '../changeRequests/notifyChangeRequest';
import type { TenantGroups } from '../permissions/TenantGroups';

/**
 * The platform admins' notification that a tenant's objects no longer match
 * what its phases apply, naming the first differences. One per tenant: a
 * later drift of the same tenant updates it.
 */
export function driftNotification(
  tenant: Pick<Tenant, 'slug' | 'name'>,
  report: { cluster: string; differences: DriftDifference[] },
  groups: TenantGroups,
): NotificationSendOptions {
  const count = report.differences.length;
  const named = report.differences
    .slice(0, 3)
    .map(d => d.object)
    .join(', ');
  return {
    recipients: platformAdminRecipients(groups),
    payload: {
      title: `Tenant ${tenant.name} drifted: ${count} difference${
        count === 1 ? '' : 's'
      } on ${report.cluster}`,
      description: `Its objects no longer match what its phases apply (${named}${
        count > 3 ? ', …' : ''
      }). The differences are on the tenant's page.`,
      link: tenantEntityPath(tenant.slug),
      topic: `tenant:${tenant.slug}`,
      scope: `tenant-drift:${tenant.slug}`,
      severity: 'high',
    },
  };
}
