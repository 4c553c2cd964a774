import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { TenantStore } from './database/TenantStore';
import { migrateDatabase } from './database/util';
import { createRouter } from './service/createRouter';
import { TenantService } from './service/TenantService';

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
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
      },
      async init({ config, logger, database, httpRouter, httpAuth, auth }) {
        const db = await migrateDatabase(database);
        const router = await createRouter({
          store: new TenantStore(db),
          service: new TenantService(db, logger),
          httpAuth,
          auth,
        });
        router.use(MiddlewareFactory.create({ config, logger }).error());
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
