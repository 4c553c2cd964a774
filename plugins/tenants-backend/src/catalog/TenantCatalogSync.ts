import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { TenantCatalogBridge } from './TenantCatalogBridge';

/**
 * Publishes snapshots of all tenants to the catalog bridge, one at a time and
 * in order, so that a slow snapshot never overwrites a newer one.
 */
export class TenantCatalogSync {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly listAll: () => Promise<Tenant[]>,
    private readonly bridge: Pick<TenantCatalogBridge, 'publish'>,
    private readonly logger?: LoggerService,
  ) {}

  /** Reads all tenants and publishes them; failures are logged. */
  sync(): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        await this.bridge.publish(await this.listAll());
      } catch (error) {
        this.logger?.error(
          'Could not publish the tenants to the catalog',
          error as Error,
        );
      }
    });
    return this.queue;
  }
}
