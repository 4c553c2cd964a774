import {
  buildPlatformVersions,
  buildRollout,
  counts,
  rolloutTenant,
} from '../../__testUtils__/rollouts';
import {
  currentWaveLabel,
  isVersionBehind,
  rolloutProgress,
  secondsLabel,
  tenantsByWave,
  waveStatus,
} from './presentation';

describe('rollout presentation', () => {
  it('sums up progress with failures, reverts and skips when there are any', () => {
    expect(
      rolloutProgress({
        counts: counts({ upgraded: 5, failed: 1, pending: 6 }),
      }),
    ).toBe('5/12 upgraded, 1 failed');
    expect(
      rolloutProgress({
        counts: counts({ upgraded: 1, reverted: 1, skipped: 2 }),
      }),
    ).toBe('1/4 upgraded, 1 reverted, 2 skipped');
    expect(rolloutProgress({ counts: counts({ pending: 3 }) })).toBe(
      '0/3 upgraded',
    );
  });

  it('names the current wave, or says that all started', () => {
    expect(currentWaveLabel({ currentWave: 0, waves: 3 })).toBe('Wave 1 of 3');
    expect(currentWaveLabel({ currentWave: 3, waves: 3 })).toBe(
      'All 3 waves ran',
    );
    expect(currentWaveLabel({ currentWave: 1, waves: 1 })).toBe(
      'The only wave ran',
    );
  });

  it('tells what each wave does', () => {
    const running = buildRollout({ currentWave: 1 });
    const pending = [rolloutTenant()];
    expect(waveStatus(running, 0, [rolloutTenant({ state: 'upgraded' })])).toBe(
      'done',
    );
    expect(
      waveStatus(running, 1, [
        rolloutTenant({ state: 'upgrading' }),
        rolloutTenant(),
      ]),
    ).toBe('running');
    expect(waveStatus(running, 1, pending)).toBe('starting');
    expect(waveStatus(running, 2, pending)).toBe('waiting');
    const at = '2026-12-07T10:05:00.000Z';
    expect(waveStatus({ ...running, nextWaveAt: at }, 1, pending)).toBe(
      `waiting until ${new Date(at).toLocaleString()}`,
    );
    expect(waveStatus({ ...running, state: 'paused' }, 1, pending)).toBe(
      'paused',
    );
    expect(waveStatus({ ...running, state: 'stopped' }, 2, pending)).toBe(
      'stopped',
    );
    expect(
      waveStatus({ ...running, state: 'cancelled' }, 1, [
        rolloutTenant({ state: 'skipped' }),
      ]),
    ).toBe('skipped');
    expect(
      waveStatus(running, 0, [
        rolloutTenant({ state: 'failed' }),
        rolloutTenant({ state: 'reverting' }),
      ]),
    ).toBe('running');
  });

  it('groups tenants by wave in their order', () => {
    const a = rolloutTenant({ tenantName: 'a' });
    const b = rolloutTenant({ tenantName: 'b', wave: 1 });
    const c = rolloutTenant({ tenantName: 'c', wave: 1 });
    expect(tenantsByWave([a, b, c])).toEqual([[a], [b, c]]);
  });

  it('finds versions older than the one in force, or no longer declared', () => {
    const platform = buildPlatformVersions();
    expect(isVersionBehind('1.0.0', platform)).toBe(true);
    expect(isVersionBehind('1.1.0', platform)).toBe(false);
    expect(isVersionBehind('0.9.0', platform)).toBe(true);
    expect(isVersionBehind(undefined, platform)).toBe(false);
    expect(isVersionBehind('1.0.0', undefined)).toBe(false);
    expect(
      isVersionBehind('1.1.0', {
        ...platform,
        current: '1.0.0',
      }),
    ).toBe(false);
  });

  it('puts pauses in words', () => {
    expect(secondsLabel(0)).toBe('0 s');
    expect(secondsLabel(60)).toBe('60 s (1 min)');
    expect(secondsLabel(90)).toBe('90 s (1 min 30 s)');
  });
});
