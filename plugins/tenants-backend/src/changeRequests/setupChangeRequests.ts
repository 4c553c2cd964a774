import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { TenantCatalogSync } from '../catalog/TenantCatalogSync';
import { publishTenantSignal } from '../signals/publishTenantSignal';
import type { TenantAccess } from '../service/TenantAccess';
import type { TenantService } from '../service/TenantService';
import { changeRequestRoutes } from '../service/routes/changeRequestRoutes';
import { billingPolicyFromConfig } from '../policy/billingPolicy';
import { ChangeRequestService } from './ChangeRequestService';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import { ChangeTaskLauncher } from './ChangeTaskLauncher';
import { notifyChangeRequest } from './notifyChangeRequest';
import { publishChangeRequestSignal } from './publishChangeRequestSignal';

/**
 * The change request service with its listeners, and its routes: tenant
 * changes go to the catalog sync and the tenant signals like the Tenant
 * Service's own, change request events to the notifications and the change
 * request signals.
 */
export function setupChangeRequests(deps: {
  db: Knex;
  config: Config;
  logger: LoggerService;
  /** The Tenant Service's client of the scaffolder, shared with retry and rollback. */
  scaffolderTasks: ScaffolderTasks;
  signals: SignalsService;
  notifications: NotificationService;
  catalogSync: Pick<TenantCatalogSync, 'sync'>;
  service: TenantService;
  access: TenantAccess;
}) {
  const changeRequests = new ChangeRequestService(deps.db, {
    logger: deps.logger,
    billingPolicy: billingPolicyFromConfig(deps.config),
    tasks: new ChangeTaskLauncher(deps.scaffolderTasks),
  });
  changeRequests.onTenantChange(() => deps.catalogSync.sync());
  changeRequests.onTenantChange(change =>
    publishTenantSignal(deps.signals, change),
  );
  changeRequests.onChange(event =>
    notifyChangeRequest(deps.notifications, event),
  );
  changeRequests.onChange(event =>
    publishChangeRequestSignal(deps.signals, event),
  );
  return {
    changeRequests,
    router: changeRequestRoutes({
      service: deps.service,
      changeRequests,
      access: deps.access,
    }),
  };
}
