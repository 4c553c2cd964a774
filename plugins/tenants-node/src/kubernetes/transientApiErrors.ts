/** HTTP statuses with which an API server says "not now" rather than "no". */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** Socket errors of a connection that could not be made or broke off. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Why a request got no usable answer from the API server, when that is likely
 * to pass: the server is down or unreachable (the request fails with no HTTP
 * status, e.g. `connect ECONNREFUSED 10.0.0.1:6443`), or it answered that it
 * is overloaded or not ready yet. Undefined for every other error.
 */
export function transientApiErrorReason(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: { message?: unknown };
  };
  if (typeof e?.code === 'number') {
    return TRANSIENT_STATUSES.has(e.code) ? `HTTP ${e.code}` : undefined;
  }
  if (typeof e?.code === 'string') {
    return CONNECTION_ERRORS.has(e.code) ? String(e.message) : undefined;
  }
  if (typeof e?.cause?.message === 'string') return e.cause.message;
  // Node's fetch fails with just this when the connection could not be made.
  return e?.message === 'fetch failed' ? 'no connection' : undefined;
}

/** Pauses between attempts to reach an API server that does not answer. */
const RETRY_PAUSES_MS = [250, 500, 1000, 2000, 4000];

/** The pause before retry number `attempt` (0-based): growing, then every 4 s. */
export const retryPause = (attempt: number) =>
  RETRY_PAUSES_MS[Math.min(attempt, RETRY_PAUSES_MS.length - 1)];

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** @public */
export interface TransientRetryOptions {
  /** How long after the first transient failure to keep trying. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Told at the first transient failure, with its reason. */
  onConnectionLost?: (reason: string) => void;
}

/**
 * Sends a request again, with growing pauses, while it fails transiently (see
 * {@link transientApiErrorReason}) and the timeout has not passed since the
 * first failure; then fails with the last error. Other errors fail at once.
 * For idempotent requests only, such as reads and server-side applies.
 */
export async function retryTransient<T>(
  request: () => Promise<T>,
  options: TransientRetryOptions,
): Promise<T> {
  let firstFailure: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const reason = transientApiErrorReason(error);
      if (reason === undefined) throw error;
      options.signal?.throwIfAborted();
      const now = Date.now();
      if (firstFailure === undefined) {
        firstFailure = now;
        options.onConnectionLost?.(reason);
      }
      const wait = retryPause(attempt);
      if (now + wait - firstFailure > options.timeoutMs) throw error;
      options.signal?.throwIfAborted();
      await pause(wait, options.signal);
    }
  }
}
