import type { CatalogTenant } from './tenantEntities';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { TenantCatalogBridge } from './TenantCatalogBridge';
import { adminEmailRefreshKey } from './TenantAdminMembershipProcessor';
import { tenantToEntities, TENANTS_LOCATION } from './tenantEntities';
import type { TenantGroups } from '../permissions/TenantGroups';

/**
 * Emits every tenant (and its admins group) to the catalog, replacing the
 * provider's entities with a full mutation on each snapshot of the Tenant
 * Service: on start, after every tenant change, and periodically.
 */
export class TenantEntityProvider implements EntityProvider {
  private unsubscribe?: () => void;
  /** The admins' refresh keys of the last snapshot applied. */
  private adminKeys = new Set<string>();

  constructor(
    private readonly bridge: Pick<TenantCatalogBridge, 'subscribe'>,
    private readonly logger?: LoggerService,
    private readonly groups?: TenantGroups,
  ) {}

  getProviderName(): string {
    return 'tenants';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = await this.bridge.subscribe(tenants =>
      this.apply(connection, tenants),
    );
  }

  private async apply(
    connection: EntityProviderConnection,
    tenants: CatalogTenant[],
  ): Promise<void> {
    try {
      await connection.applyMutation({
        type: 'full',
        entities: tenants.flatMap(tenant =>
          tenantToEntities(tenant, this.groups).map(entity => ({
            entity,
            locationKey: TENANTS_LOCATION,
          })),
        ),
      });
      // Reprocess the admins' user entities, so that their membership in the
      // tenant admins groups shows up without waiting for the next refresh;
      // also those who were admins in the last snapshot (an admin email
      // changed by a change request), so that they lose it as promptly.
      const current = new Set(
        tenants.map(t => adminEmailRefreshKey(t.spec.details.adminEmail)),
      );
      const keys = [...new Set([...current, ...this.adminKeys])];
      this.adminKeys = current;
      if (keys.length > 0) {
        await connection.refresh({ keys });
      }
    } catch (error) {
      this.logger?.error(
        'Could not apply the tenants to the catalog',
        error as Error,
      );
    }
  }
}
