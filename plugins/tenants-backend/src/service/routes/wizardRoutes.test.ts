import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackstageUserPrincipal } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_BILLING_POLICY } from '@tenant-platform/backstage-plugin-tenants-common';
import { Knex } from 'knex';
import request from 'supertest';
import { specInputFor } from '../../__testUtils__/specs';
import { closedPort } from '../../__testUtils__/sockets';
import {
  createTestDatabases,
  requirePostgresUrl,
} from '../../__testUtils__/testDatabases';
import { tenantsPlugin } from '../../plugin';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const PLATFORM_ADMIN = 'user:default/platform-admin';
const STRANGER = 'user:default/sam';
const as = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});
const asAdmin = as(PLATFORM_ADMIN);

/** Clusters that need no connection: preferred ones are never measured. */
const config = {
  tenants: {
    clusters: [
      {
        name: 'aws-east',
        provider: 'aws',
        regions: ['us-east-1'],
        preferred: true,
      },
      {
        name: 'aws-west',
        provider: 'aws',
        regions: ['us-west-2', 'us-east-1'],
      },
    ],
    billingPolicy: { starter: { resourceTiers: ['small'] } },
    dataSources: { connectionTimeoutSeconds: 1 },
  },
};

describe.each(ids)('wizard routes on %s', databaseId => {
  let knex: Knex;
  let server: any;
  const permissions = mockServices.permissions.mock();

  beforeEach(async () => {
    jest.clearAllMocks();
    permissions.authorize.mockImplementation(async (requests, options) =>
      requests.map(() => ({
        result:
          (options.credentials.principal as BackstageUserPrincipal)
            .userEntityRef === PLATFORM_ADMIN
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
        permissions.factory,
      ],
    });
    server = backend.server;
  });

  const api = () => request(server);

  describe('permissions', () => {
    it.each([
      ['get', '/api/tenants/v1/placement?provider=aws'],
      ['get', '/api/tenants/v1/policy'],
      ['post', '/api/tenants/v1/data-sources/test'],
      ['post', '/api/tenants/v1/tenants/dry-run'],
    ] as const)(
      '%s %s requires tenant.create (403 otherwise)',
      async (method, path) => {
        const response = await api()[method](path).set(as(STRANGER)).send({});
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          name: 'NotAllowedError',
          message: 'You are not allowed to register tenants',
        });
        expect(permissions.authorize).toHaveBeenCalledWith(
          [{ permission: expect.objectContaining({ name: 'tenant.create' }) }],
          expect.anything(),
        );
      },
    );

    it('answers 401 without credentials', async () => {
      const response = await api()
        .get('/api/tenants/v1/policy')
        .set({ Authorization: mockCredentials.none.header() });
      expect(response.status).toBe(401);
    });
  });

  describe('GET /v1/policy', () => {
    it('serves the configured policy with defaults for the rest', async () => {
      const response = await api().get('/api/tenants/v1/policy').set(asAdmin);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        billingTiers: {
          ...DEFAULT_BILLING_POLICY.billingTiers,
          starter: {
            resourceTiers: ['small'],
            dedicatedCompute: false,
            gpu: false,
          },
        },
      });
    });
  });

  describe('GET /v1/placement', () => {
    it('lists regions with their clusters and the preferred cluster as nearest', async () => {
      const response = await api()
        .get('/api/tenants/v1/placement?provider=aws')
        .set(asAdmin);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        // Probed through the default kubeconfig: whether they answer depends
        // on the machine; the local-cluster tests check the probe.
        clusters: [
          expect.objectContaining({ cluster: 'aws-east' }),
          expect.objectContaining({ cluster: 'aws-west' }),
        ],
        provider: 'aws',
        regions: [
          { region: 'us-east-1', clusters: ['aws-east', 'aws-west'] },
          { region: 'us-west-2', clusters: ['aws-west'] },
        ],
        nearest: {
          region: 'us-east-1',
          cluster: 'aws-east',
          basis: 'preferred',
        },
      });
    });

    it('answers nearest null for a provider without clusters', async () => {
      const response = await api()
        .get('/api/tenants/v1/placement?provider=gcp')
        .set(asAdmin);
      expect(response.body).toEqual({
        provider: 'gcp',
        regions: [],
        nearest: null,
        clusters: [],
      });
    });

    it('rejects a missing or unknown provider with field errors', async () => {
      const missing = await api().get('/api/tenants/v1/placement').set(asAdmin);
      expect(missing.status).toBe(400);
      expect(missing.body.error.fields).toEqual([
        {
          field: 'provider',
          message: 'provider must be one of azure, aws, gcp',
        },
      ]);
      const unknown = await api()
        .get('/api/tenants/v1/placement?provider=ibm&x=1')
        .set(asAdmin);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.fields).toEqual([
        {
          field: 'provider',
          message: 'provider must be one of azure, aws, gcp',
        },
        { field: 'x', message: "Unknown field 'x'" },
      ]);
    });
  });

  describe('POST /v1/data-sources/test', () => {
    const source = {
      name: 'warehouse',
      type: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      database: 'postgres',
      user: 'postgres',
      tlsMode: 'disable',
    };

    it('rejects a malformed data source with field errors, never echoing the password', async () => {
      const response = await api()
        .post('/api/tenants/v1/data-sources/test')
        .set(asAdmin)
        .send({
          ...source,
          type: 'oracle',
          port: 'abc',
          host: '',
          password: 'hunter2-secret',
          extra: true,
        });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'type' }),
          expect.objectContaining({ field: 'port' }),
          { field: 'host', message: 'Host is required' },
          { field: 'extra', message: "Unknown field 'extra'" },
        ]),
      );
      expect(response.text).not.toContain('hunter2-secret');
    });

    it('answers ok: false with the reason when nothing listens', async () => {
      const port = await closedPort();
      const response = await api()
        .post('/api/tenants/v1/data-sources/test')
        .set(asAdmin)
        .send({ ...source, port, password: 'hunter2-secret' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ok: false,
        message: `Connection refused by 127.0.0.1:${port}: nothing is listening on that port, or a firewall rejects the connection`,
      });
    });

    describe('with a real PostgreSQL', () => {
      it('connects and answers ok: true, or the reason', async () => {
        const url = requirePostgresUrl();
        const password = decodeURIComponent(url.password);
        const response = await api()
          .post('/api/tenants/v1/data-sources/test')
          .set(asAdmin)
          .send({
            ...source,
            host: url.hostname,
            port: Number(url.port),
            user: decodeURIComponent(url.username),
            password,
          });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          ok: true,
          message: expect.stringContaining('Connected to PostgreSQL'),
          latencyMs: expect.any(Number),
          serverVersion: expect.stringMatching(/^PostgreSQL \d+/),
        });
        const wrong = await api()
          .post('/api/tenants/v1/data-sources/test')
          .set(asAdmin)
          .send({
            ...source,
            host: url.hostname,
            port: Number(url.port),
            user: decodeURIComponent(url.username),
            password: 'wrong-password-91c',
          });
        expect(wrong.body).toEqual({
          ok: false,
          message: `Password authentication failed for user '${decodeURIComponent(
            url.username,
          )}'`,
        });
      });
    });
  });

  describe('POST /v1/tenants/dry-run (without reaching a cluster)', () => {
    it('rejects an invalid spec with field errors', async () => {
      const response = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(asAdmin)
        .send({
          spec: specInputFor('Bad-Slug', { details: { adminEmail: 'nope' } }),
          cluster: '',
        });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'spec.details.slug' }),
          {
            field: 'spec.details.adminEmail',
            message: 'Admin email must be a valid email address',
          },
          { field: 'cluster', message: 'Cluster must not be empty' },
        ]),
      );
    });

    it('rejects what the billing tier does not allow, by the configured policy', async () => {
      const response = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(asAdmin)
        .send({
          spec: specInputFor('acme', {
            details: { billingTier: 'starter' },
            infrastructure: { resourceTier: 'medium', gpuEnabled: true },
          }),
        });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual([
        {
          field: 'spec.infrastructure.resourceTier',
          message:
            'The Medium resource tier is not available on the Starter tier; choose Small (Medium is available on Professional, Enterprise)',
        },
        {
          field: 'spec.infrastructure.gpuEnabled',
          message:
            'GPU is not available on the Starter tier (available on Enterprise)',
        },
      ]);
    });

    it('answers 404 for an unknown cluster and 400 for a provider without clusters', async () => {
      const unknown = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(asAdmin)
        .send({ spec: specInputFor('acme'), cluster: 'nope' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        "No cluster named 'nope' is configured under tenants.clusters",
      );

      const unserved = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(asAdmin)
        .send({
          spec: specInputFor('acme', {
            infrastructure: { cloudProvider: 'gcp' },
          }),
        });
      expect(unserved.status).toBe(400);
      expect(unserved.body.error.fields).toEqual([
        {
          field: 'spec.infrastructure.cloudProvider',
          message: "No cluster is configured for provider 'gcp'",
        },
      ]);

      const region = await api()
        .post('/api/tenants/v1/tenants/dry-run')
        .set(asAdmin)
        .send({
          spec: specInputFor('acme', {
            infrastructure: { cloudProvider: 'aws', region: 'eu-west-1' },
          }),
        });
      expect(region.status).toBe(400);
      expect(region.body.error.fields).toEqual([
        {
          field: 'spec.infrastructure.region',
          message:
            "No aws cluster serves region 'eu-west-1'; configured regions: us-east-1, us-west-2",
        },
      ]);
    });
  });

  describe('billing policy on POST /v1/tenants', () => {
    it('rejects a registration the tier does not allow, with field errors, and stores nothing', async () => {
      const response = await api()
        .post('/api/tenants/v1/tenants')
        .set(asAdmin)
        .send({
          spec: specInputFor('acme', {
            details: { billingTier: 'professional' },
            infrastructure: { gpuEnabled: true, dedicatedCompute: true },
          }),
        });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message:
          'Invalid request body: spec.infrastructure.gpuEnabled: GPU is not available on the Professional tier (available on Enterprise)',
        fields: [
          {
            field: 'spec.infrastructure.gpuEnabled',
            message:
              'GPU is not available on the Professional tier (available on Enterprise)',
          },
        ],
      });
      expect(Number((await knex('tenants').count({ n: '*' }))[0].n)).toBe(0);

      const allowed = await api()
        .post('/api/tenants/v1/tenants')
        .set(asAdmin)
        .send({
          spec: specInputFor('acme', {
            details: { billingTier: 'starter' },
            infrastructure: { resourceTier: 'small' },
          }),
        });
      expect(allowed.status).toBe(201);
    });
  });
});
