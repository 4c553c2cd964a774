import { expectedDurations, median, priorDurations } from './expectedDurations';

describe('expectedDurations', () => {
  it('uses the specification priors without history', () => {
    expect(expectedDurations([])).toEqual(priorDurations());
    expect(priorDurations()['data-plane']).toBe(240);
  });

  it('replaces the prior by the median of observations per phase', () => {
    const result = expectedDurations([
      { phaseId: 'namespace', durationSeconds: 3 },
      { phaseId: 'namespace', durationSeconds: 100 },
      { phaseId: 'namespace', durationSeconds: 4 },
      { phaseId: 'data-plane', durationSeconds: 60 },
      { phaseId: 'data-plane', durationSeconds: 80 },
      { phaseId: 'secrets', durationSeconds: -5 },
    ]);
    expect(result.namespace).toBe(4);
    expect(result['data-plane']).toBe(70);
    expect(result.secrets).toBe(5); // invalid observation ignored, prior kept
    expect(result.validation).toBe(30);
  });

  it('computes medians of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
