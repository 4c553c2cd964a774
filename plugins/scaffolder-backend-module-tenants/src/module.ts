import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateTenantAction } from './actions/validate';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createValidateTenantAction());
      },
    });
  },
});
