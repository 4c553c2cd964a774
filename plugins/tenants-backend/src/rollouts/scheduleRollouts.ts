import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type LoggerService,
  type SchedulerService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { RolloutRunner } from './RolloutRunner';

/** The scheduler task that runs the rollout runner. */
export const ROLLOUT_TASK_ID = 'tenants-rollouts';

/** Every 10 seconds: a wave starts at most that long after its pause. */
export const DEFAULT_ROLLOUT_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { seconds: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
  };

/**
 * Schedules the rollout runner (`tenants.rollouts.schedule`): a global
 * task, so that with several backend replicas on one database one of them
 * runs it at a time. Answers `wake`, which asks for a run now.
 */
export async function scheduleRollouts(options: {
  config: Config;
  scheduler: SchedulerService;
  runner: RolloutRunner;
  logger: LoggerService;
}): Promise<{ wake: () => Promise<void> }> {
  const { config, scheduler, runner, logger } = options;
  const schedule = config.has('tenants.rollouts.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('tenants.rollouts.schedule'),
      )
    : DEFAULT_ROLLOUT_SCHEDULE;
  await scheduler.scheduleTask({
    id: ROLLOUT_TASK_ID,
    scope: 'global',
    ...schedule,
    fn: () => runner.runOnce(),
  });
  return {
    wake: async () => {
      try {
        await scheduler.triggerTask(ROLLOUT_TASK_ID);
      } catch (error) {
        // Running already (here or on another replica): its next round comes soon.
        logger.debug(`Rollout runner not woken: ${error}`);
      }
    },
  };
}
