import type { CatalogTenant } from './tenantEntities';
import { LoggerService } from '@backstage/backend-plugin-api';
import { TenantCatalogBridge } from './TenantCatalogBridge';

/**
 * Publishes snapshots of all tenants to the catalog bridge, one at a time and
 * in order, so that a slow snapshot never overwrites a newer one.
 *
 * Reading every tenant costs in proportion to all of them (about 100 ms at
 * 10,000), so a burst of changes (a backend resuming a hundred interrupted
 * rollbacks at start) must not cost a snapshot each: while one is running,
 * every sync asked for shares the single next one, which starts afterwards
 * and so sees all of their changes.
 */
export class TenantCatalogSync {
  private running: Promise<void> = Promise.resolve();
  private next: Promise<void> | undefined;

  constructor(
    private readonly listAll: () => Promise<CatalogTenant[]>,
    private readonly bridge: Pick<TenantCatalogBridge, 'publish'>,
    private readonly logger?: LoggerService,
  ) {}

  /**
   * Reads all tenants and publishes them, after the snapshot in progress;
   * resolves once a snapshot taken after this call is published. Failures
   * are logged.
   */
  sync(): Promise<void> {
    this.next ??= this.running.then(() => {
      this.next = undefined;
      this.running = this.publishSnapshot();
      return this.running;
    });
    return this.next;
  }

  private async publishSnapshot(): Promise<void> {
    try {
      await this.bridge.publish(await this.listAll());
    } catch (error) {
      this.logger?.error(
        'Could not publish the tenants to the catalog',
        error as Error,
      );
    }
  }
}
