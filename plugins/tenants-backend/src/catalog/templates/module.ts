import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { loadTenantTemplates } from './tenantTemplates';
import { TenantTemplatesProvider } from './TenantTemplatesProvider';

/**
 * Catalog module: puts the scaffolder templates packaged with this plugin
 * (`tenant-provisioning`, `tenant-change`) into the catalog. Each can be
 * turned off (`tenants.templates.<key>.enabled: false`) or replaced by a file
 * (`tenants.templates.<key>.file`); a replacement that is not a Template
 * stops the backend at start.
 *
 * @public
 */
export const catalogModuleTenantTemplates = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'tenant-templates',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addEntityProvider(
          new TenantTemplatesProvider(await loadTenantTemplates(config)),
        );
      },
    });
  },
});
