import type { CatalogTenant } from './tenantEntities';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** Receives every published snapshot of all tenants. */
export type TenantSnapshotListener = (
  tenants: CatalogTenant[],
) => void | Promise<void>;

/**
 * Hands the Tenant Service's tenants to the catalog module within one backend
 * process: the tenants plugin publishes a snapshot of all tenants on start,
 * after every change and periodically; the entity provider subscribes. A
 * subscriber gets the latest snapshot immediately, so start-up order does not
 * matter.
 */
export class TenantCatalogBridge {
  private latest: CatalogTenant[] | undefined;
  private readonly listeners = new Set<TenantSnapshotListener>();

  async publish(tenants: CatalogTenant[]): Promise<void> {
    this.latest = tenants;
    await Promise.all([...this.listeners].map(listener => listener(tenants)));
  }

  /** The latest snapshot, if one was published. */
  snapshot(): CatalogTenant[] | undefined {
    return this.latest;
  }

  async subscribe(listener: TenantSnapshotListener): Promise<() => void> {
    this.listeners.add(listener);
    if (this.latest) {
      await listener(this.latest);
    }
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/**
 * Root-scoped, so that the tenants plugin and the catalog module of one
 * backend share one bridge.
 */
export const tenantCatalogBridgeServiceRef =
  createServiceRef<TenantCatalogBridge>({
    id: 'tenants.catalog-bridge',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new TenantCatalogBridge(),
      }),
  });
