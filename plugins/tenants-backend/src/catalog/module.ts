import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { tenantCatalogBridgeServiceRef } from './TenantCatalogBridge';
import { TenantEntityProvider } from './TenantEntityProvider';
import { TenantAdminMembershipProcessor } from './TenantAdminMembershipProcessor';
import { TenantGroups } from '../permissions/TenantGroups';

/**
 * Catalog module: emits each tenant of the Tenant Service as a `Resource` of
 * type `tenant` with its admins group, and makes the admin (the user with the
 * tenant's admin email) a member of that group.
 *
 * @public
 */
export const catalogModuleTenants = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'tenants',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        bridge: tenantCatalogBridgeServiceRef,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
      },
      async init({ catalog, bridge, logger, config }) {
        const groups = TenantGroups.fromConfig(config);
        catalog.addEntityProvider(
          new TenantEntityProvider(bridge, logger, groups),
        );
        catalog.addProcessor(
          new TenantAdminMembershipProcessor(() => bridge.snapshot(), groups),
        );
      },
    });
  },
});
