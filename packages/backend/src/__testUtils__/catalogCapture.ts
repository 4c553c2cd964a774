import type { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  type CatalogProcessingExtensionPoint,
  type EntityProvider,
  type EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { catalogModuleTenants } from '@tenant-platform/backstage-plugin-tenants-backend';

/**
 * The Tenant Service's catalog module with a stand-in for the catalog's
 * processing extension point: its entity providers are connected at once and
 * every entity they emit is kept.
 */
export function createCatalogCapture() {
  const entities: Entity[] = [];
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      const emitted =
        mutation.type === 'full' ? mutation.entities : mutation.added;
      entities.push(...emitted.map(e => e.entity));
    },
    async refresh() {},
  };
  const extensionPoint: Partial<CatalogProcessingExtensionPoint> = {
    addEntityProvider(...providers) {
      for (const provider of providers.flat() as EntityProvider[]) {
        void provider.connect(connection);
      }
    },
    addProcessor() {},
  };
  return {
    /** Every entity emitted so far, in order, repeated per mutation. */
    entities,
    feature: catalogModuleTenants,
    extensionPoint: [catalogProcessingExtensionPoint, extensionPoint] as [
      typeof catalogProcessingExtensionPoint,
      typeof extensionPoint,
    ],
  };
}
