import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { TenantPermissionPolicy } from './TenantPermissionPolicy';

/** Installs the {@link TenantPermissionPolicy} in the permission backend. */
export const permissionModuleTenantPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'tenant-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new TenantPermissionPolicy());
      },
    });
  },
});
