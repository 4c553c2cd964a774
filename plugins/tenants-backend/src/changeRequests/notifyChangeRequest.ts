import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { describeChanges } from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantGroups } from '../permissions/TenantGroups';
import type { ChangeRequestEvent } from './ChangeRequestEvent';

/** The tenant's catalog entity page, where change requests are shown. */
export const tenantEntityPath = (slug: string) =>
  `/catalog/default/resource/${slug}`;

/** The platform admins' groups as notification recipients, but `exclude`. */
export function platformAdminRecipients(
  groups: TenantGroups,
  exclude?: string,
): NotificationSendOptions['recipients'] {
  return {
    type: 'entity',
    entityRef:
      groups.platformAdminGroups.length === 1
        ? groups.platformAdminGroups[0]
        : groups.platformAdminGroups,
    ...(exclude ? { excludeEntityRef: exclude } : {}),
  };
}

/**
 * The notification of a change request event, or undefined when the event
 * notifies nobody: platform admins hear of new requests (not the one who
 * filed it, when that is a platform admin); the requester hears of the
 * approval, the rejection, and whether applying succeeded or failed. Every
 * notification of one request shares its scope, so the requester's inbox
 * keeps one entry per request that is updated as it moves on.
 */
export function changeRequestNotification(
  event: ChangeRequestEvent,
  groups: TenantGroups = TenantGroups.defaults,
): NotificationSendOptions | undefined {
  const request = event.changeRequest;
  const summary = describeChanges(request.diff);
  const tenant = request.tenantName;
  const common = {
    link: tenantEntityPath(request.tenantSlug),
    topic: `tenant:${request.tenantSlug}`,
    scope: `tenant-change-request:${request.id}`,
  };
  const toRequester = (
    payload: Omit<NotificationSendOptions['payload'], keyof typeof common>,
  ): NotificationSendOptions => ({
    recipients: { type: 'entity', entityRef: request.requestedBy },
    payload: { ...common, ...payload },
  });

  switch (event.kind) {
    case 'created':
      return {
        recipients: platformAdminRecipients(groups, request.requestedBy),
        payload: {
          ...common,
          title: `Change request for tenant ${tenant}: ${summary}`,
          description: `${request.requestedBy} asks for ${summary}. Reason: ${request.reason}. Approve or reject it on the tenant's page.`,
          severity: 'normal',
        },
      };
    case 'approved':
      return toRequester({
        title: `Change request approved for tenant ${tenant}: ${summary}`,
        description: `Approved by ${request.decidedBy}${
          request.decisionComment ? `: ${request.decisionComment}` : ''
        }. The change is being applied.`,
        severity: 'normal',
      });
    case 'rejected':
      return toRequester({
        title: `Change request rejected for tenant ${tenant}: ${summary}`,
        description: `Rejected by ${request.decidedBy}: ${request.decisionComment}`,
        severity: 'normal',
      });
    case 'applied':
      return toRequester({
        title: `Change applied to tenant ${tenant}: ${summary}`,
        description:
          request.appliedSpecVersion === undefined
            ? "The tenant's objects match its spec again."
            : `The tenant runs with spec version ${request.appliedSpecVersion}.`,
        severity: 'low',
      });
    case 'failed':
      return toRequester({
        title: `Applying the change to tenant ${tenant} failed: ${summary}`,
        description: `${
          request.errorMessage ?? 'Unknown error'
        }. A platform admin can retry it.`,
        severity: 'high',
      });
    default:
      return undefined;
  }
}

/** Sends the notification of a change request event, if it has one. */
export async function notifyChangeRequest(
  notifications: NotificationService,
  event: ChangeRequestEvent,
  groups?: TenantGroups,
): Promise<void> {
  const notification = changeRequestNotification(event, groups);
  if (notification) {
    await notifications.send(notification);
  }
}
