import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TenantDriftChecker } from './TenantDriftChecker';

/** Every 10 minutes, the first a minute after start. */
export const DEFAULT_DRIFT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

/**
 * Schedules the drift check of every ready tenant (`tenants.drift`): a
 * global task, so that with several backend replicas on one database each
 * round, and so each tenant, is checked by one of them.
 */
export async function scheduleDriftChecks(options: {
  config: Config;
  scheduler: SchedulerService;
  drift: TenantDriftChecker;
}): Promise<void> {
  const { config, scheduler, drift } = options;
  if (config.getOptionalBoolean('tenants.drift.enabled') === false) return;
  const schedule = config.has('tenants.drift.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('tenants.drift.schedule'),
      )
    : DEFAULT_DRIFT_SCHEDULE;
  await scheduler.scheduleTask({
    id: 'tenants-drift-check',
    scope: 'global',
    ...schedule,
    fn: async () => {
      await drift.checkAll();
    },
  });
}
