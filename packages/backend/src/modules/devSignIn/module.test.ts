import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { authModuleDevelopmentProvider } from './module';

const platformAdmin: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'platform-admin', namespace: 'default' },
  spec: {
    profile: {
      displayName: 'Pat Platform (platform admin)',
      email: 'platform-admin@example.com',
    },
    memberOf: ['platform-admins'],
  },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-admins' }],
};

/** Serves the catalog's by-name lookups the auth backend makes. */
const fakeCatalog = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req, res, next) => {
          const match = /^\/entities\/by-name\/user\/default\/([^/]+)$/i.exec(
            req.path,
          );
          if (!match) {
            next();
          } else if (match[1] === platformAdmin.metadata.name) {
            res.json(platformAdmin);
          } else {
            res.status(404).json({ error: { name: 'NotFoundError' } });
          }
        });
      },
    });
  },
});

const developmentProvider = {
  // NODE_ENV is 'test' under Jest.
  dangerouslyAllowOutsideDevelopment: true,
  users: [
    { userEntityRef: 'user:default/platform-admin', title: 'Platform admin' },
    { userEntityRef: 'user:default/tenant-admin', title: 'Tenant admin' },
  ],
};

async function startBackend(providers: object) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDevelopmentProvider,
      fakeCatalog,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers } as any,
        },
      }),
    ],
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error(`unexpected server address ${address}`);
  }
  return (headers: Record<string, string> = {}) =>
    fetch(`http://localhost:${address.port}/api/auth/development/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest', ...headers },
    });
}

describe('authModuleDevelopmentProvider', () => {
  it('signs in as the chosen catalog user with its group claims', async () => {
    const refresh = await startBackend({ development: developmentProvider });
    const response = await refresh({
      'x-development-user': 'user:default/platform-admin',
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.profile).toEqual({
      displayName: 'Pat Platform (platform admin)',
      email: 'platform-admin@example.com',
    });
    expect(body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/platform-admin',
      ownershipEntityRefs: [
        'user:default/platform-admin',
        'group:default/platform-admins',
      ],
    });
    expect(body.backstageIdentity.token).toEqual(expect.any(String));
  });

  it('answers 401 for a missing or unknown user', async () => {
    const refresh = await startBackend({ development: developmentProvider });

    const missing = await refresh();
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.message).toMatch(
      /^Missing 'x-development-user' header/,
    );

    const unknown = await refresh({ 'x-development-user': 'user:default/eve' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.message).toBe(
      "'user:default/eve' is not a development user; choose one of: user:default/platform-admin, user:default/tenant-admin",
    );
  });

  it('answers 404 for a configured user missing from the catalog', async () => {
    const refresh = await startBackend({ development: developmentProvider });
    const response = await refresh({ 'x-development-user': 'tenant-admin' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(
      /^Development user 'user:default\/tenant-admin' is not in the catalog/,
    );
  });

  it('is not active unless configured', async () => {
    const refresh = await startBackend({});
    const response = await refresh({ 'x-development-user': 'platform-admin' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe(
      "No auth provider registered for 'development'",
    );
  });
});
