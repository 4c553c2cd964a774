/** Where a connection test went, for messages. */
export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Thrown by a connection test that ran out of time. */
export class ConnectionTimeoutError extends Error {
  name = 'ConnectionTimeoutError';
}

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

/** `5 s`, `1.5 s`, `250 ms` */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

const TLS_VERIFY_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Socket, DNS, TLS and timeout failures, common to every driver. */
function describeNetworkError(
  error: DriverError,
  target: ConnectionTarget,
  timeoutMs: number,
): string | undefined {
  const where = `${target.host}:${target.port}`;
  if (
    error instanceof ConnectionTimeoutError ||
    error.code === 'ETIMEDOUT' ||
    /timeout expired|connection timeout/i.test(error.message ?? '')
  ) {
    return `Timed out after ${formatDuration(
      timeoutMs,
    )} waiting for ${where} to answer`;
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: nothing is listening on that port, or a firewall rejects the connection`;
    case 'ENOTFOUND':
      return `Host '${target.host}' could not be found (DNS lookup failed)`;
    case 'EAI_AGAIN':
      return `Host '${target.host}' could not be looked up right now (temporary DNS failure)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Host ${where} is unreachable from the Backstage backend`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `Connection reset by ${where}; check the port and the TLS mode`;
    default:
  }
  if (error.code && TLS_VERIFY_CODES.has(error.code)) {
    return `The server's TLS certificate could not be verified (${error.message}); fix the certificate or choose TLS mode 'require', which encrypts without verifying`;
  }
  return undefined;
}

/** Plain words for a failed PostgreSQL connection (pg driver errors, SQLSTATE codes). */
export function describePostgresError(
  error: unknown,
  target: ConnectionTarget,
  timeoutMs: number,
): string {
  const e = (error ?? {}) as DriverError;
  const network = describeNetworkError(e, target, timeoutMs);
  if (network) {
    return network;
  }
  const message = e.message ?? String(error);
  switch (e.code) {
    case '28P01':
      return `Password authentication failed for user '${target.user}'`;
    case '28000':
      return `The server refused user '${target.user}': ${message}`;
    case '3D000':
      return `Database '${target.database}' does not exist`;
    case '42501':
      return `User '${target.user}' may not connect to database '${target.database}': ${message}`;
    case '53300':
      return 'The server has no free connection slots (too many connections)';
    case '57P03':
      return 'The server is not accepting connections yet (starting up, shutting down or in recovery)';
    default:
  }
  if (/does not support SSL/i.test(message)) {
    return "The server does not support TLS; choose TLS mode 'disable' to connect without it";
  }
  if (/client password must be a (non-empty )?string/i.test(message)) {
    return `The server asks for a password for user '${target.user}', but none was given`;
  }
  if (/Connection terminated unexpectedly/i.test(message)) {
    return `${target.host}:${target.port} closed the connection; is it a PostgreSQL server?`;
  }
  return message;
}

/** Plain words for a failed MySQL connection (mysql2 driver errors). */
export function describeMysqlError(
  error: unknown,
  target: ConnectionTarget,
  timeoutMs: number,
): string {
  const e = (error ?? {}) as DriverError;
  const network = describeNetworkError(e, target, timeoutMs);
  if (network) {
    return network;
  }
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ER_ACCESS_DENIED_ERROR':
      return `Access denied for user '${target.user}': wrong password, or the user may not connect from the Backstage backend's host`;
    case 'ER_BAD_DB_ERROR':
      return `Database '${target.database}' does not exist`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `User '${target.user}' may not access database '${target.database}'`;
    case 'ER_CON_COUNT_ERROR':
      return 'The server has no free connection slots (too many connections)';
    case 'ER_HOST_NOT_PRIVILEGED':
      return `The server does not allow connections from the Backstage backend's host`;
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return "The server does not support TLS; choose TLS mode 'disable' to connect without it";
    case 'PROTOCOL_CONNECTION_LOST':
      return `${target.host}:${target.port} closed the connection; is it a MySQL server?`;
    default:
      return message;
  }
}

/** Removes a password from a message, should a driver ever echo it. */
export function withoutSecret(message: string, secret?: string): string {
  return secret ? message.split(secret).join('***') : message;
}
