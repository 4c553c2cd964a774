import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ClusterRegistry } from '@internal/backstage-plugin-tenants-node';
import { createRegisterTenantAction } from './actions/register';
import { createValidateTenantAction } from './actions/validate';
import { TenantServiceClient } from './TenantServiceClient';

/**
 * Scaffolder actions for tenant provisioning.
 *
 * @public
 */
export const scaffolderModuleTenants = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tenants',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        const clusters = ClusterRegistry.fromConfig(config);
        const tenantService = new TenantServiceClient({ discovery, auth });
        scaffolder.addActions(
          createValidateTenantAction(),
          createRegisterTenantAction({ clusters, tenantService }),
        );
      },
    });
  },
});
