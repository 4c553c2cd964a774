import { ResourceTier } from '@tenant-platform/backstage-plugin-tenants-common';
import { RunStore } from '../database/RunStore';
import {
  ExpectedDurations,
  expectedDurations,
} from '../status/expectedDurations';

/** How long expected durations are reused; runs completed by another backend instance show up after this. */
export const EXPECTED_DURATIONS_TTL_MS = 60_000;

/**
 * Expected phase durations per resource tier, for the progress and ETA of
 * the status endpoint. They come from the history of completed runs, which
 * only changes when a run completes, while every status request would
 * otherwise query and sort that history again.
 */
export class ExpectedDurationsCache {
  private readonly entries = new Map<
    ResourceTier,
    { value: Promise<ExpectedDurations>; expiresAt: number }
  >();

  constructor(
    private readonly options: {
      ttlMs?: number;
      now?: () => number;
    } = {},
  ) {}

  get(runs: RunStore, resourceTier: ResourceTier): Promise<ExpectedDurations> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.entries.get(resourceTier);
    if (cached && cached.expiresAt > now) {
      return cached.value;
    }
    const value = runs
      .observedPhaseDurations(resourceTier)
      .then(observations => expectedDurations(observations));
    const entry = {
      value,
      expiresAt: now + (this.options.ttlMs ?? EXPECTED_DURATIONS_TTL_MS),
    };
    this.entries.set(resourceTier, entry);
    value.catch(() => {
      if (this.entries.get(resourceTier) === entry) {
        this.entries.delete(resourceTier);
      }
    });
    return value;
  }

  /** After a run completed: its phases are new history. */
  invalidate(): void {
    this.entries.clear();
  }
}
