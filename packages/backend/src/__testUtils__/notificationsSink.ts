import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * The notifications plugin's `NotificationService`, referred to by its id:
 * services are matched by id, so a factory for this ref replaces the default
 * one (which sends to the notifications backend, absent here) without this
 * package depending on @backstage/plugin-notifications-node.
 */
const notificationServiceRef = createServiceRef<{
  send(notification: unknown): Promise<void>;
}>({ id: 'notifications.service', scope: 'plugin' });

/** A notification service that keeps what the plugins send. */
export function createNotificationsSink() {
  const sent: unknown[] = [];
  return {
    sent,
    factory: createServiceFactory({
      service: notificationServiceRef,
      deps: {},
      factory: () => ({
        async send(notification: unknown) {
          sent.push(notification);
        },
      }),
    }),
  };
}
