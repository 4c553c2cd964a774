import type { TenantCluster } from './ClusterRegistry';

/**
 * Measures the API round trip to a cluster in milliseconds; rejects when the
 * cluster does not answer. Must stop when `signal` aborts.
 *
 * @public
 */
export type MeasureRoundTrip = (
  cluster: TenantCluster,
  signal: AbortSignal,
) => Promise<number>;

/** What "Nearest" resolved to, and why. @public */
export interface NearestCluster {
  cluster: TenantCluster;
  /** The cluster's first region: the region recorded for the tenant. */
  region: string;
  basis: 'preferred' | 'round-trip';
  /** The measured round trip (basis `round-trip` only). */
  roundTripMs?: number;
}

/** @public */
export interface NearestClusterResolverOptions {
  measure: MeasureRoundTrip;
  /** A cluster that has not answered after this long is skipped; default 2000. */
  timeoutMs?: number;
  /** How long a measurement (or a failure to answer) is reused; default 30000. */
  cacheTtlMs?: number;
  /** Monotonic clock in milliseconds, for cache expiry. */
  now?: () => number;
}

/** @public */
export const DEFAULT_ROUND_TRIP_TIMEOUT_MS = 2000;
/** @public */
export const DEFAULT_ROUND_TRIP_CACHE_TTL_MS = 30_000;

/**
 * The cluster "Nearest" stands for among candidates of one provider: the first
 * one configured `preferred`, else the one with the lowest round trip
 * (`undefined` = did not answer, skipped; ties keep configuration order).
 * Undefined when no candidate is preferred and none answered.
 *
 * @public
 */
export function chooseNearest(
  candidates: readonly TenantCluster[],
  roundTrips: ReadonlyMap<string, number | undefined>,
): NearestCluster | undefined {
  const preferred = candidates.find(c => c.preferred);
  if (preferred) {
    return {
      cluster: preferred,
      region: preferred.regions[0],
      basis: 'preferred',
    };
  }
  let best: { cluster: TenantCluster; roundTripMs: number } | undefined;
  for (const cluster of candidates) {
    const roundTripMs = roundTrips.get(cluster.name);
    if (
      roundTripMs !== undefined &&
      (!best || roundTripMs < best.roundTripMs)
    ) {
      best = { cluster, roundTripMs };
    }
  }
  return best
    ? {
        cluster: best.cluster,
        region: best.cluster.regions[0],
        basis: 'round-trip',
        roundTripMs: best.roundTripMs,
      }
    : undefined;
}

/**
 * Resolves "Nearest" by measuring the API round trip to each candidate
 * cluster (concurrently, each bounded by a timeout), unless a candidate is
 * configured `preferred`. Measurements, including failures to answer, are
 * cached briefly and shared by concurrent callers.
 *
 * @public
 */
export class NearestClusterResolver {
  private readonly measure: MeasureRoundTrip;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<
    string,
    { at: number; roundTrip: Promise<number | undefined> }
  >();

  constructor(options: NearestClusterResolverOptions) {
    this.measure = options.measure;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ROUND_TRIP_TIMEOUT_MS;
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_ROUND_TRIP_CACHE_TTL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** The nearest candidate, or undefined when there is none or none answered. */
  async resolve(
    candidates: readonly TenantCluster[],
  ): Promise<NearestCluster | undefined> {
    if (candidates.some(c => c.preferred)) {
      return chooseNearest(candidates, new Map());
    }
    const measured = await Promise.all(
      candidates.map(async c => [c.name, await this.roundTrip(c)] as const),
    );
    return chooseNearest(candidates, new Map(measured));
  }

  /** The (cached) round trip to a cluster in ms, or undefined when it did not answer in time. */
  roundTrip(cluster: TenantCluster): Promise<number | undefined> {
    const now = this.now();
    const cached = this.cache.get(cluster.name);
    if (cached && now - cached.at < this.cacheTtlMs) {
      return cached.roundTrip;
    }
    const roundTrip = this.measureWithTimeout(cluster);
    this.cache.set(cluster.name, { at: now, roundTrip });
    return roundTrip;
  }

  private async measureWithTimeout(
    cluster: TenantCluster,
  ): Promise<number | undefined> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = setTimeout(() => {
        controller.abort(new Error(`No answer within ${this.timeoutMs} ms`));
        resolve(undefined);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([
        this.measure(cluster, controller.signal).then(
          ms => ms,
          () => undefined,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
