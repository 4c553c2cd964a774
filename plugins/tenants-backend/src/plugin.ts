import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { TenantStore } from './database/TenantStore';
import { createRouter } from './service/createRouter';

/**
 * The Tenant Service: tenant records, provisioning status, retry, rollback and
 * change requests, mounted at /api/tenants.
 *
 * @public
 */
export const tenantsPlugin = createBackendPlugin({
  pluginId: 'tenants',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, database, httpRouter }) {
        const store = await TenantStore.create({ database });
        const router = await createRouter({ store });
        router.use(MiddlewareFactory.create({ config, logger }).error());
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
