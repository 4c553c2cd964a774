#!/usr/bin/env node
// Gives a portal made by @backstage/create-app what an adopter's portal has
// before it follows docs/install.md: sign-in for its people, and those people
// in the catalog. A new portal signs everyone in as the guest; this one signs
// users in as a portal behind oauth2-proxy does (the proxy's X-Forwarded-User
// header names the user), and its catalog has the two people the end-to-end
// test signs in as, in groups of the portal's own naming.
//
//   node scripts/adopter/portalSignInBehindProxy.mjs <portal dir>
//
// Writes app-config.e2e.yaml, which the portal is then started with.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The oauth2-proxy sign-in module of the pinned release (Backstage 1.55.0). */
const OAUTH2_PROXY_MODULE = [
  '@backstage/plugin-auth-backend-module-oauth2-proxy-provider',
  '0.3.3',
];

// The people and ports the end-to-end test (scripts/adopter/e2e) expects.
const { ports: PORTAL_PORTS, ...PEOPLE } = JSON.parse(
  readFileSync(new URL('./e2e/portal.json', import.meta.url), 'utf8'),
);

function setUp(portal) {
  const edit = (file, change) => {
    const path = join(portal, file);
    const before = readFileSync(path, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`${file}: nothing to change`);
    writeFileSync(path, after);
  };

  // Backend: the sign-in provider, installed with the portal's first install.
  const backendManifest = join(portal, 'packages/backend/package.json');
  const manifest = JSON.parse(readFileSync(backendManifest, 'utf8'));
  manifest.dependencies[OAUTH2_PROXY_MODULE[0]] = OAUTH2_PROXY_MODULE[1];
  writeFileSync(backendManifest, `${JSON.stringify(manifest, null, 2)}\n`);
  edit('packages/backend/src/index.ts', text =>
    text.replace(
      /^backend\.add\(import\('@backstage\/plugin-auth-backend-module-guest-provider'\)\);\n/m,
      match => `${match}backend.add(import('${OAUTH2_PROXY_MODULE[0]}'));\n`,
    ),
  );

  // App: the sign-in page of a portal behind a proxy.
  mkdirSync(join(portal, 'packages/app/src/modules/signIn'), {
    recursive: true,
  });
  writeFileSync(
    join(portal, 'packages/app/src/modules/signIn/index.tsx'),
    `import { ProxiedSignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Signs users in as the authenticating proxy in front of the portal says. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => props =>
          <ProxiedSignInPage {...props} provider="oauth2Proxy" />,
      },
    }),
  ],
});
`,
  );
  edit(
    'packages/app/src/App.tsx',
    text =>
      `import { signInModule } from './modules/signIn';\n${text.replace(
        /features: \[/,
        'features: [signInModule, ',
      )}`,
  );

  // The catalog's people: a platform team of the portal's naming, and a user
  // who becomes a tenant admin once a tenant names their email.
  const org = join(portal, 'examples/tenant-platform-people.yaml');
  const user = (name, displayName, memberOf) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: {
      profile: { displayName, email: `${name}@example.com` },
      memberOf,
    },
  });
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: PEOPLE.platformAdmin.group },
      spec: { type: 'team', children: [] },
    },
    user(PEOPLE.platformAdmin.name, 'Platform admin', [
      PEOPLE.platformAdmin.group,
    ]),
    user(PEOPLE.tenantAdmin.name, 'Tenant admin', []),
  ];
  writeFileSync(
    org,
    entities.map(entity => JSON.stringify(entity)).join('\n---\n'),
  );

  writeFileSync(
    join(portal, 'app-config.e2e.yaml'),
    `# The portal as the end-to-end test runs it (scripts/adopter/portalSignInBehindProxy.mjs).
app:
  baseUrl: http://localhost:${PORTAL_PORTS.app}
backend:
  baseUrl: http://localhost:${PORTAL_PORTS.backend}
  listen:
    port: ${PORTAL_PORTS.backend}
  cors:
    origin: http://localhost:${PORTAL_PORTS.app}
auth:
  providers:
    oauth2Proxy:
      signIn:
        resolvers:
          - resolver: forwardedUserMatchingUserEntityName
catalog:
  locations:
    - type: file
      target: ${org}
      rules:
        - allow: [User, Group]
tenants:
  permissions:
    platformAdminGroups: [group:default/${PEOPLE.platformAdmin.group}]
`,
  );
  console.log(
    `[adopter] the portal signs users in behind a proxy; people in ${org}`,
  );
}

const portal = process.argv[2];
if (!portal) {
  console.error('usage: portalSignInBehindProxy.mjs <portal dir>');
  process.exit(2);
}
setUp(resolve(portal));
