import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  type PlatformVersions,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { AuditTrail } from '../audit/AuditTrail';
import { Listeners } from '../lib/Listeners';
import type { TenantAccess } from '../permissions/TenantAccess';
import { billingPolicyFromConfig } from '../policy/billingPolicy';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import { ChangeRequestActions } from './ChangeRequestActions';
import { ChangeRequestDecisions } from './ChangeRequestDecisions';
import type { ChangeRequestEvent } from './ChangeRequestEvent';
import { ChangeRequestService } from './ChangeRequestService';
import { ChangeRequestTasks } from './ChangeRequestTasks';
import { changeRequestRoutes } from './changeRequestRoutes';
import { ChangeTaskLauncher } from './ChangeTaskLauncher';
import { TenantRepairs } from './TenantRepairs';
import { TenantUpgrades } from './TenantUpgrades';
import { notifyChangeRequest } from './notifyChangeRequest';
import { publishChangeRequestSignal } from './publishChangeRequestSignal';
import type { TenantGroups } from '../permissions/TenantGroups';
import { ChangePreviews } from './ChangePreviews';
import { recheckAfterChange } from '../drift/recheckAfterChange';
import type { TenantDriftChecker } from '../drift/TenantDriftChecker';
import {
  ClusterStagedPasswords,
  discardStagedPasswords,
} from './StagedPasswords';

/**
 * The change request services and their routes (and the services rollouts
 * use: decisions, upgrades, the event listeners): tenant state and spec
 * changes are announced like the Tenant Service's own (catalog sync, tenant
 * signals), change request events go to the notifications and the change
 * request signals.
 */
export function setupChangeRequests(deps: {
  db: Knex;
  config: Config;
  logger: LoggerService;
  audit: AuditTrail;
  tenantChanges: TenantChangeAnnouncer;
  /** The Tenant Service's client of the scaffolder, shared with retry and rollback. */
  scaffolderTasks: ScaffolderTasks;
  signals: SignalsService;
  notifications: NotificationService;
  tenants: { tenantForAccess(rawId: unknown): Promise<Tenant> };
  access: TenantAccess;
  groups: TenantGroups;
  /** The declared platform versions a change may move a tenant to. */
  platformVersions: PlatformVersions;
  /** Checks a tenant again once a change is applied to it; previews changes. */
  drift: Pick<TenantDriftChecker, 'check' | 'compare'>;
}) {
  const { db, logger, audit } = deps;
  const billingPolicy = billingPolicyFromConfig(deps.config);
  const events = new Listeners<ChangeRequestEvent>(
    event =>
      `A listener of change requests failed for ${event.kind} of change request ${event.changeRequest.id}`,
    logger,
  );
  events.add(event =>
    notifyChangeRequest(deps.notifications, event, deps.groups),
  );
  events.add(event =>
    publishChangeRequestSignal(deps.signals, event, deps.groups),
  );
  events.add(recheckAfterChange(db, deps.drift, deps.tenantChanges));
  const stagedPasswords = new ClusterStagedPasswords(
    ClusterRegistry.fromConfig(deps.config),
  );
  events.add(discardStagedPasswords(db, stagedPasswords, logger));
  const actions = new ChangeRequestActions({
    audit,
    tenantChanges: deps.tenantChanges,
    events,
    clock: () => new Date(),
  });
  const tasks = new ChangeRequestTasks(db, {
    audit,
    actions,
    control: new ChangeTaskLauncher(deps.scaffolderTasks),
    logger,
  });
  const approvedChanges = { audit, events, tasks, clock: () => new Date() };
  const repairs = new TenantRepairs(approvedChanges);
  const decisions = new ChangeRequestDecisions({
    actions,
    tasks,
    billingPolicy,
    repairs,
  });
  const router = changeRequestRoutes({
    previews: new ChangePreviews(deps.drift, deps.platformVersions),
    repairs,
    tenants: deps.tenants,
    changeRequests: new ChangeRequestService(db, {
      audit,
      actions,
      events,
      billingPolicy,
      stagedPasswords,
      platformVersions: deps.platformVersions,
      logger,
    }),
    decisions,
    access: deps.access,
  });
  return {
    router,
    decisions,
    upgrades: new TenantUpgrades(approvedChanges),
    /** Listeners of every committed change request event. */
    events,
  };
}
