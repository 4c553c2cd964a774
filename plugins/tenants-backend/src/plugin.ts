import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { tenantPermissions } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  PlatformVersions,
  renderContextFromConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { AuditTrail } from './audit/AuditTrail';
import { tenantCatalogBridgeServiceRef } from './catalog/TenantCatalogBridge';
import { TenantCatalogSync } from './catalog/TenantCatalogSync';
import { setupChangeRequests } from './changeRequests/setupChangeRequests';
import { DriftStore } from './database/DriftStore';
import { TenantStore } from './database/TenantStore';
import { migrateDatabase } from './database/util';
import { scheduleDriftChecks } from './drift/scheduleDriftChecks';
import { TenantDriftChecker } from './drift/TenantDriftChecker';
import { tenantPermissionResourceRef } from './permissions/resourceRef';
import { createTenantPermissionRules } from './permissions/rules';
import { TenantGroups } from './permissions/TenantGroups';
import { createRouter } from './service/createRouter';
import { RollbackState } from './rollback/RollbackState';
import { TenantRollbacks } from './rollback/TenantRollbacks';
import { ScaffolderTasks } from './scaffolder/ScaffolderTasks';
import { TenantAccess } from './permissions/TenantAccess';
import { RunRetry } from './service/RunRetry';
import { TenantService } from './service/TenantService';
import { publishTenantSignal } from './signals/publishTenantSignal';
import { TenantChangeAnnouncer } from './tenantChanges/TenantChangeAnnouncer';
import { billingPolicyFromConfig } from './policy/billingPolicy';
import { setupRollouts } from './rollouts/setupRollouts';

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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        signals: signalsServiceRef,
        notifications: notificationService,
        catalogBridge: tenantCatalogBridgeServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        scheduler,
        discovery,
        lifecycle,
        signals,
        notifications,
        catalogBridge,
      }) {
        const groups = TenantGroups.fromConfig(config);
        const db = await migrateDatabase(database, { logger });
        const store = new TenantStore(db);
        const platformVersions = PlatformVersions.fromConfig(config);
        const adopted = await store.recordUnrecordedPlatformVersions(
          platformVersions.list()[0],
        );
        if (adopted > 0) {
          logger.info(
            `Recorded platform version ${
              platformVersions.list()[0]
            } for ${adopted} tenant(s) registered before platform versions were recorded`,
          );
        }

        permissionsRegistry.addResourceType({
          resourceRef: tenantPermissionResourceRef,
          rules: Object.values(createTenantPermissionRules(groups)),
          getResources: refs =>
            Promise.all(refs.map(id => store.findTenant(id))),
        });
        permissionsRegistry.addPermissions(tenantPermissions);

        const scaffolderTasks = new ScaffolderTasks({ discovery, auth });
        const audit = new AuditTrail(db, logger);
        const tenantChanges = new TenantChangeAnnouncer(db, logger);
        const service = new TenantService(db, {
          audit,
          tenantChanges,
          billingPolicy: billingPolicyFromConfig(config),
          platformVersions,
        });
        const drifts = new DriftStore(db);
        const catalogSync = new TenantCatalogSync(
          async () => {
            const [tenants, drift] = await Promise.all([
              store.listAllTenants(),
              drifts.listStates(),
            ]);
            return tenants.map(t => ({ ...t, drift: drift.get(t.id) }));
          },
          catalogBridge,
          logger,
        );
        tenantChanges.onChange(() => catalogSync.sync());
        tenantChanges.onChange(change =>
          publishTenantSignal(signals, change, groups),
        );
        await catalogSync.sync();
        await scheduler.scheduleTask({
          id: 'tenants-catalog-sync',
          scope: 'local',
          frequency: { minutes: 10 },
          timeout: { minutes: 2 },
          initialDelay: { minutes: 10 },
          fn: () => catalogSync.sync(),
        });

        const access = new TenantAccess({
          permissions,
          httpAuth,
          auth,
          ruleset: permissionsRegistry.getPermissionRuleset(
            tenantPermissionResourceRef,
          ),
        });
        const clusters = ClusterRegistry.fromConfig(config);
        const rollbacks = new TenantRollbacks({
          state: new RollbackState(db, {
            audit,
            tenantChanges,
            scaffolder: scaffolderTasks,
            clock: () => new Date(),
          }),
          clusters,
          scaffolder: scaffolderTasks,
          logger,
          timeoutMs:
            (config.getOptionalNumber('tenants.rollback.timeoutSeconds') ??
              300) * 1000,
        });
        lifecycle.addShutdownHook(() => rollbacks.stop());
        lifecycle.addStartupHook(() => rollbacks.resumeInterrupted());
        const drift = new TenantDriftChecker({
          db,
          clusters,
          renderContext: renderContextFromConfig(config),
          platformVersions,
          logger,
          notifications,
          groups,
          onStateChange: () => void catalogSync.sync(),
        });
        await scheduleDriftChecks({ config, scheduler, drift });
        const router = await createRouter({
          drift,
          drifts,
          store,
          service,
          retries: new RunRetry(db, {
            audit,
            tenantChanges,
            scaffolder: scaffolderTasks,
          }),
          access,
          clusters,
          rollbacks,
          config,
        });
        const changeRequests = setupChangeRequests({
          db,
          config,
          logger,
          audit,
          tenantChanges,
          scaffolderTasks,
          signals,
          notifications,
          tenants: service,
          access,
          groups,
          drift,
          platformVersions,
        });
        router.use(changeRequests.router);
        router.use(
          await setupRollouts({
            db,
            config,
            logger,
            auth,
            scheduler,
            signals,
            audit,
            access,
            groups,
            platformVersions,
            upgrades: changeRequests.upgrades,
            decisions: changeRequests.decisions,
            changeRequestEvents: changeRequests.events,
          }),
        );
        router.use(MiddlewareFactory.create({ config, logger }).error());
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
