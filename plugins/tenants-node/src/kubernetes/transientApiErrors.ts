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
