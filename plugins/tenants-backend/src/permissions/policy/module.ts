import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { TenantGroups } from '../TenantGroups';
import { catalogMembershipServiceRef } from './catalogMembershipServiceRef';
import { TenantPermissionPolicy } from './TenantPermissionPolicy';

/**
 * Installs the {@link TenantPermissionPolicy} in the permission backend, for
 * portals without a policy of their own. Tenant-admin and platform-admin
 * rights follow the user's current groups in the catalog (cached 10 seconds),
 * not those fixed in their token at sign-in.
 *
 * @public
 */
export const permissionModuleTenantPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'tenant-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        membership: catalogMembershipServiceRef,
      },
      async init({ policy, config, membership }) {
        policy.setPolicy(
          new TenantPermissionPolicy({
            groups: TenantGroups.fromConfig(config),
            claimsOf: user => membership.claimsOf(user),
          }),
        );
      },
    });
  },
});
