import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createTenantActions,
  TenantServiceClient,
} from '@internal/backstage-plugin-scaffolder-backend-module-tenants';
import type { RenderContext } from '@internal/backstage-plugin-tenants-node';

/**
 * Our scaffolder actions, reporting to the Tenant Service over HTTP, with a
 * render context the test owns (to inject faults between runs).
 */
export function createTenantActionsModule(renderContext: RenderContext) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'tenants-under-test',
    register(env) {
      env.registerInit({
        deps: {
          scaffolder: scaffolderActionsExtensionPoint,
          config: coreServices.rootConfig,
          discovery: coreServices.discovery,
          auth: coreServices.auth,
        },
        async init({ scaffolder, config, discovery, auth }) {
          scaffolder.addActions(
            ...createTenantActions({
              config,
              tenantService: new TenantServiceClient({ discovery, auth }),
              renderContext,
            }),
          );
        },
      });
    },
  });
}
