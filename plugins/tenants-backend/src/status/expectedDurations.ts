import {
  PhaseId,
  PROVISIONING_PHASES,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** Expected duration in seconds of every phase. */
export type ExpectedDurations = Record<PhaseId, number>;

/** The specification's durations, the priors used before there is history. */
export function priorDurations(): ExpectedDurations {
  return Object.fromEntries(
    PROVISIONING_PHASES.map(p => [p.id, p.expectedDurationSeconds]),
  ) as ExpectedDurations;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Per phase, the median of the observed durations of completed past runs,
 * or the prior when a phase has no observations. Negative or non-finite
 * observations (clock skew, bad data) are ignored.
 */
export function expectedDurations(
  observations: Array<{ phaseId: PhaseId; durationSeconds: number }>,
  priors: ExpectedDurations = priorDurations(),
): ExpectedDurations {
  const result = { ...priors };
  for (const phase of PROVISIONING_PHASES) {
    const observed = observations
      .filter(o => o.phaseId === phase.id)
      .map(o => o.durationSeconds)
      .filter(d => Number.isFinite(d) && d >= 0);
    if (observed.length > 0) {
      result[phase.id] = median(observed);
    }
  }
  return result;
}
