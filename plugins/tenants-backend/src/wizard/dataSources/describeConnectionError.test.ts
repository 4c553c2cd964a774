import {
  ConnectionTimeoutError,
  describeMysqlError,
  describePostgresError,
  formatDuration,
  withoutSecret,
} from './describeConnectionError';

const target = {
  host: 'db.example.com',
  port: 5432,
  database: 'analytics',
  user: 'reader',
};
const error = (code: string | undefined, message = 'driver message') =>
  Object.assign(new Error(message), { code });

describe('describePostgresError', () => {
  it.each([
    [
      error('ECONNREFUSED'),
      'Connection refused by db.example.com:5432: nothing is listening on that port, or a firewall rejects the connection',
    ],
    [
      new ConnectionTimeoutError('x'),
      'Timed out after 5 s waiting for db.example.com:5432 to answer',
    ],
    [
      error(undefined, 'timeout expired'),
      'Timed out after 5 s waiting for db.example.com:5432 to answer',
    ],
    [
      error(undefined, 'Connection terminated due to connection timeout'),
      'Timed out after 5 s waiting for db.example.com:5432 to answer',
    ],
    [
      error('ENOTFOUND'),
      "Host 'db.example.com' could not be found (DNS lookup failed)",
    ],
    [
      error('EHOSTUNREACH'),
      'Host db.example.com:5432 is unreachable from the Backstage backend',
    ],
    [error('28P01'), "Password authentication failed for user 'reader'"],
    [
      error(
        '28000',
        'no pg_hba.conf entry for host "10.0.0.1", user "reader", database "analytics", no encryption',
      ),
      'The server refused user \'reader\': no pg_hba.conf entry for host "10.0.0.1", user "reader", database "analytics", no encryption',
    ],
    [error('3D000'), "Database 'analytics' does not exist"],
    [
      error('53300'),
      'The server has no free connection slots (too many connections)',
    ],
    [
      error(undefined, 'The server does not support SSL connections'),
      "The server does not support TLS; choose TLS mode 'disable' to connect without it",
    ],
    [
      error(
        'SELF_SIGNED_CERT_IN_CHAIN',
        'self-signed certificate in certificate chain',
      ),
      "The server's TLS certificate could not be verified (self-signed certificate in certificate chain); fix the certificate or choose TLS mode 'require', which encrypts without verifying",
    ],
    [
      error(
        undefined,
        'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string',
      ),
      "The server asks for a password for user 'reader', but none was given",
    ],
    [error('XX000', 'something else'), 'something else'],
  ])('%s', (e, expected) => {
    expect(describePostgresError(e, target, 5000)).toBe(expected);
  });
});

describe('describeMysqlError', () => {
  const mysql = { ...target, port: 3306 };
  it.each([
    [
      error('ER_ACCESS_DENIED_ERROR'),
      "Access denied for user 'reader': wrong password, or the user may not connect from the Backstage backend's host",
    ],
    [error('ER_BAD_DB_ERROR'), "Database 'analytics' does not exist"],
    [
      error('ER_DBACCESS_DENIED_ERROR'),
      "User 'reader' may not access database 'analytics'",
    ],
    [
      error('ETIMEDOUT', 'connect ETIMEDOUT'),
      'Timed out after 2.5 s waiting for db.example.com:3306 to answer',
    ],
    [
      error('HANDSHAKE_NO_SSL_SUPPORT'),
      "The server does not support TLS; choose TLS mode 'disable' to connect without it",
    ],
    [
      error('ECONNREFUSED'),
      'Connection refused by db.example.com:3306: nothing is listening on that port, or a firewall rejects the connection',
    ],
  ])('%s', (e, expected) => {
    expect(describeMysqlError(e, mysql, 2500)).toBe(expected);
  });
});

describe('formatDuration and withoutSecret', () => {
  it('formats durations and scrubs secrets', () => {
    expect(formatDuration(5000)).toBe('5 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(250.4)).toBe('250 ms');
    expect(withoutSecret('bad hunter2 here hunter2', 'hunter2')).toBe(
      'bad *** here ***',
    );
    expect(withoutSecret('unchanged', undefined)).toBe('unchanged');
  });
});
