import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { TenantDriftChecker } from './TenantDriftChecker';
import {
  DEFAULT_DRIFT_SCHEDULE,
  scheduleDriftChecks,
} from './scheduleDriftChecks';

function setup(tenants: object) {
  const scheduler = mockServices.scheduler.mock();
  const drift = { checkAll: jest.fn(async () => ({})) };
  const schedule = () =>
    scheduleDriftChecks({
      config: new ConfigReader({ tenants }),
      scheduler,
      drift: drift as unknown as TenantDriftChecker,
    });
  return { scheduler, drift, schedule };
}

describe('scheduleDriftChecks', () => {
  it('checks every 10 minutes by default, as one global task whose run checks every tenant', async () => {
    const { scheduler, drift, schedule } = setup({});
    await schedule();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'tenants-drift-check',
        scope: 'global',
        ...DEFAULT_DRIFT_SCHEDULE,
      }),
    );
    await jest
      .mocked(scheduler.scheduleTask)
      .mock.calls[0][0].fn(new AbortController().signal);
    expect(drift.checkAll).toHaveBeenCalledTimes(1);
  });

  it('takes the schedule from config', async () => {
    const { scheduler, schedule } = setup({
      drift: { schedule: { frequency: { minutes: 30 }, timeout: 'PT5M' } },
    });
    await schedule();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        frequency: { minutes: 30 },
        timeout: { minutes: 5 },
      }),
    );
  });

  it('schedules nothing when turned off', async () => {
    const { scheduler, schedule } = setup({ drift: { enabled: false } });
    await schedule();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });
});
