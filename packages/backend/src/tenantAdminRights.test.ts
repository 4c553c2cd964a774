import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import tenantsPlugin from '@tenant-platform/backstage-plugin-tenants-backend';
import request from 'supertest';
import {
  realTenantPermissions,
  userEntity,
} from './__testUtils__/realPermissions';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const TERRY = 'user:default/terry'; // will be acme's admin
const SAM = 'user:default/sam';

/**
 * The real permission backend with the packaged policy in front of the
 * Tenant Service. Users' tokens carry the ownership refs of their sign-in
 * (the mock user info: only the user itself, as for anyone signed in before
 * their tenant existed); the catalog is a stand-in whose users a test updates
 * as the catalog module would once it has processed a new tenant.
 */
describe.each(ids)('tenant-admin rights on %s', databaseId => {
  const catalogUsers = new Map<string, Entity>();
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async ref => catalogUsers.get(String(ref)),
  });

  async function startBackend() {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        tenantsPlugin,
        ...realTenantPermissions,
        mockServices.database.factory({ knex }),
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            tenants: {
              clusters: [
                { name: 'test', provider: 'aws', regions: ['us-east-1'] },
              ],
            },
          },
        }),
      ],
    });
    return server;
  }

  beforeEach(() => {
    catalogUsers.clear();
    catalogUsers.set(
      PLATFORM_ADMIN,
      userEntity(PLATFORM_ADMIN, 'pat@example.com', [
        'group:default/platform-admins',
      ]),
    );
    catalogUsers.set(TERRY, userEntity(TERRY, 'admin@acme.example', []));
    catalogUsers.set(SAM, userEntity(SAM, 'sam@example.com', []));
  });

  afterEach(() => jest.restoreAllMocks());

  it('lets a tenant admin signed in before their tenant existed see it without signing in again', async () => {
    const server = await startBackend();
    const api = () => request(server);

    // Terry is signed in and looks before the tenant exists.
    const before = await api().get('/api/tenants/v1/tenants').set(as(TERRY));
    expect(before.body).toEqual({ items: [], totalCount: 0 });

    const registered = await api()
      .post('/api/tenants/v1/tenants')
      .set(as(PLATFORM_ADMIN))
      .send({
        spec: {
          details: {
            name: 'Acme',
            slug: 'acme',
            billingTier: 'starter',
            adminEmail: 'admin@acme.example',
          },
          infrastructure: {},
          modules: {},
          security: { authMethod: 'oidc', mfaPolicy: 'required-all' },
        },
      });
    expect(registered.status).toBe(201);
    const id = registered.body.tenant.id;

    // The catalog catches up: the admin email's user joins acme-admins.
    catalogUsers.set(
      TERRY,
      userEntity(TERRY, 'admin@acme.example', ['group:default/acme-admins']),
    );
    // ... and the policy's short cache of Terry's groups runs out.
    const start = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => start + 11_000);

    const own = await api().get(`/api/tenants/v1/tenants/${id}`).set(as(TERRY));
    expect(own.status).toBe(200);
    expect(own.body.slug).toBe('acme');
    const listed = await api().get('/api/tenants/v1/tenants').set(as(TERRY));
    expect(listed.body.items.map((t: any) => t.slug)).toEqual(['acme']);

    const other = await api().get(`/api/tenants/v1/tenants/${id}`).set(as(SAM));
    expect(other.status).toBe(404);
    const othersList = await api().get('/api/tenants/v1/tenants').set(as(SAM));
    expect(othersList.body).toEqual({ items: [], totalCount: 0 });
  });
});
