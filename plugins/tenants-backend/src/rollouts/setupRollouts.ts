import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { PlatformVersions } from '@tenant-platform/backstage-plugin-tenants-node';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/AuditTrail';
import type { ChangeRequestDecisions } from '../changeRequests/ChangeRequestDecisions';
import type { ChangeRequestEvent } from '../changeRequests/ChangeRequestEvent';
import type { TenantUpgrades } from '../changeRequests/TenantUpgrades';
import type { Listeners } from '../lib/Listeners';
import type { TenantAccess } from '../permissions/TenantAccess';
import type { TenantGroups } from '../permissions/TenantGroups';
import { publishRolloutSignal } from './publishRolloutSignal';
import { RolloutRunner } from './RolloutRunner';
import { RolloutService } from './RolloutService';
import { RolloutTenantRecovery } from './RolloutTenantRecovery';
import { rolloutRoutes } from './rolloutRoutes';
import { scheduleRollouts } from './scheduleRollouts';

/** Change request events after which a rollout may move on. */
const SETTLING = new Set<ChangeRequestEvent['kind']>([
  'applied',
  'failed',
  'reverted',
]);

/**
 * Platform versions and rollouts: the runner on Backstage's scheduler, woken
 * when a change request settles, and the routes.
 */
export async function setupRollouts(deps: {
  db: Knex;
  config: Config;
  logger: LoggerService;
  auth: AuthService;
  scheduler: SchedulerService;
  signals: SignalsService;
  audit: AuditTrail;
  access: TenantAccess;
  groups: TenantGroups;
  platformVersions: PlatformVersions;
  upgrades: TenantUpgrades;
  decisions: ChangeRequestDecisions;
  changeRequestEvents: Listeners<ChangeRequestEvent>;
}) {
  const onChange = (rollout: Parameters<typeof publishRolloutSignal>[1]) =>
    publishRolloutSignal(deps.signals, rollout, deps.groups);
  const runner = new RolloutRunner({
    db: deps.db,
    upgrades: deps.upgrades,
    credentials: () => deps.auth.getOwnServiceCredentials(),
    onChange,
    logger: deps.logger,
  });
  const { wake } = await scheduleRollouts({
    config: deps.config,
    scheduler: deps.scheduler,
    runner,
    logger: deps.logger,
  });
  deps.changeRequestEvents.add(async event => {
    // Not awaited: the change request's report need not wait for a round.
    if (SETTLING.has(event.kind)) void wake();
  });
  const rollouts = new RolloutService(deps.db, {
    audit: deps.audit,
    platformVersions: deps.platformVersions,
    wake,
    onChange,
  });
  return rolloutRoutes({
    access: deps.access,
    rollouts,
    recovery: new RolloutTenantRecovery(deps.db, {
      audit: deps.audit,
      runner,
      decisions: deps.decisions,
      rollouts,
    }),
  });
}
