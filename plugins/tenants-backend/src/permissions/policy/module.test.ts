import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { tenantManagePermission } from '@tenant-platform/backstage-plugin-tenants-common';
import { permissionModuleTenantPolicy } from './module';

/** The permission plugin's side of the extension point: keeps the policy set. */
function permissionPluginKeeping(installed: { policy?: PermissionPolicy }) {
  return createBackendPlugin({
    pluginId: 'permission',
    register(env) {
      env.registerExtensionPoint(policyExtensionPoint, {
        setPolicy: policy => {
          installed.policy = policy;
        },
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

const ALEX = 'user:default/alex';
/** Alex signed in as nobody special; the catalog now has them in the ops team. */
const alexSignedInEarlier: PolicyQueryUser = {
  credentials: mockCredentials.user(ALEX),
  info: { userEntityRef: ALEX, ownershipEntityRefs: [ALEX] },
};
const catalog = catalogServiceMock.factory({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alex', namespace: 'default' },
      spec: {},
      relations: [{ type: 'memberOf', targetRef: 'group:ops/cloud-team' }],
    },
  ],
});

describe('permissionModuleTenantPolicy', () => {
  it("installs the tenant policy with the portal's groups and the users' current membership", async () => {
    const installed: { policy?: PermissionPolicy } = {};
    await startTestBackend({
      features: [
        permissionPluginKeeping(installed),
        permissionModuleTenantPolicy,
        catalog,
        mockServices.rootConfig.factory({
          data: {
            tenants: {
              permissions: { platformAdminGroups: ['group:ops/cloud-team'] },
            },
          },
        }),
      ],
    });
    await expect(
      installed.policy!.handle(
        { permission: tenantManagePermission },
        alexSignedInEarlier,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('stops the backend at start on a malformed group reference, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          permissionPluginKeeping({}),
          permissionModuleTenantPolicy,
          catalog,
          mockServices.rootConfig.factory({
            data: {
              tenants: {
                permissions: { platformAdminGroups: ['user:default/alex'] },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid config 'tenants.permissions.platformAdminGroups[0]': 'user:default/alex' is a user, not a group",
    );
  });
});
