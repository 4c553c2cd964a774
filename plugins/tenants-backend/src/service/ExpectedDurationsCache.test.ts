import { RunStore } from '../database/RunStore';
import { priorDurations } from '../status/expectedDurations';
import { ExpectedDurationsCache } from './ExpectedDurationsCache';

describe('ExpectedDurationsCache', () => {
  const runsAnswering = (
    ...answers: Array<Awaited<ReturnType<RunStore['observedPhaseDurations']>>>
  ) => {
    const observedPhaseDurations = jest.fn();
    for (const answer of answers) {
      observedPhaseDurations.mockResolvedValueOnce(answer);
    }
    return {
      runs: { observedPhaseDurations } as unknown as RunStore,
      observedPhaseDurations,
    };
  };

  it('queries the history once per resource tier until it expires or a run completes', async () => {
    let now = 0;
    const cache = new ExpectedDurationsCache({ ttlMs: 1000, now: () => now });
    const { runs, observedPhaseDurations } = runsAnswering(
      [{ phaseId: 'namespace', durationSeconds: 4 }],
      [],
      [{ phaseId: 'namespace', durationSeconds: 6 }],
      [{ phaseId: 'namespace', durationSeconds: 8 }],
    );

    const [first, again] = await Promise.all([
      cache.get(runs, 'small'),
      cache.get(runs, 'small'),
    ]);
    expect(first.namespace).toBe(4);
    expect(again).toBe(first);
    expect(await cache.get(runs, 'medium')).toEqual(priorDurations());
    expect(observedPhaseDurations).toHaveBeenCalledTimes(2);

    cache.invalidate();
    expect((await cache.get(runs, 'small')).namespace).toBe(6);
    now = 1000;
    expect((await cache.get(runs, 'small')).namespace).toBe(8);
    expect(observedPhaseDurations).toHaveBeenCalledTimes(4);
  });

  it('does not keep a failed query', async () => {
    const cache = new ExpectedDurationsCache();
    const observedPhaseDurations = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection lost'))
      .mockResolvedValueOnce([]);
    const runs = { observedPhaseDurations } as unknown as RunStore;

    await expect(cache.get(runs, 'small')).rejects.toThrow('connection lost');
    await expect(cache.get(runs, 'small')).resolves.toEqual(priorDurations());
  });
});
