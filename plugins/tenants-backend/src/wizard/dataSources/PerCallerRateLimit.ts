import { CustomErrorBase } from '@backstage/errors';

/** 429: the caller made too many requests; `retryAfterSeconds` says when to try again. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError';
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** At most `limit` requests per caller in any window of `windowMs`. */
export class PerCallerRateLimit {
  private readonly recent = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      limit: number;
      windowMs: number;
      /** What is limited, for the error message, e.g. `connection tests`. */
      what: string;
      /** The clock, in milliseconds; for tests. */
      now?: () => number;
    },
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Counts a request of `caller`; throws TooManyRequestsError when over the limit. */
  take(caller: string): void {
    const { limit, windowMs, what } = this.options;
    const now = this.now();
    const times = (this.recent.get(caller) ?? []).filter(
      at => at > now - windowMs,
    );
    if (times.length >= limit) {
      this.recent.set(caller, times);
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((times[0] + windowMs - now) / 1000),
      );
      throw new TooManyRequestsError(
        `Too many ${what}: at most ${limit} per ${Math.round(
          windowMs / 1000,
        )} s; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    times.push(now);
    this.recent.set(caller, times);
    this.forgetIdle(now);
  }

  private forgetIdle(now: number) {
    if (this.recent.size < 1000) return;
    for (const [caller, times] of this.recent) {
      if (times[times.length - 1] <= now - this.options.windowMs) {
        this.recent.delete(caller);
      }
    }
  }
}
