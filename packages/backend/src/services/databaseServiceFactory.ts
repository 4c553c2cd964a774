import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { waitForMigrationLockOn } from '@tenant-platform/backstage-plugin-tenants-node';

/**
 * Backstage's database service, except that a plugin's `migrate.latest` waits
 * while another backend instance holds the migration lock instead of failing
 * the start-up with `MigrationLocked` (backstage/backstage#27186): replicas
 * of this backend may start together on an empty database.
 */
export const databaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    // As the default factory: in-memory SQLite when nothing is configured.
    const effective = config.getOptional('backend.database')
      ? config
      : new ConfigReader({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        });
    return DatabaseManager.fromConfig(effective, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const database = manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      migrations: database.migrations,
      getClient: async () =>
        waitForMigrationLockOn(await database.getClient(), {
          onWait: message => logger.info(message),
        }),
    };
  },
});
