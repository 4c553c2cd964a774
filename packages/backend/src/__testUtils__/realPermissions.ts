import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { permissionModuleTenantPolicy } from '@tenant-platform/backstage-plugin-tenants-backend';

/**
 * The mock auth service, except that a plugin's token on behalf of a user
 * names the plugin as the actor, as real on-behalf-of tokens do: the
 * permission backend only evaluates conditional decisions for those.
 */
export const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const issue = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      const { onBehalfOf } = options;
      return auth.isPrincipal(onBehalfOf, 'user')
        ? {
            token: mockCredentials.user.token(
              onBehalfOf.principal.userEntityRef,
              { actor: { subject: `plugin:${plugin.getId()}` } },
            ),
          }
        : issue(options);
    };
    return auth;
  },
});

/**
 * What users meet instead of the test backend's allow-all mock: the real
 * permission backend with the packaged tenant policy, reached through the
 * real permissions service. Needs `permission.enabled: true` in config and a
 * catalog (the users' current groups) among the features.
 */
export const realTenantPermissions = [
  import('@backstage/plugin-permission-backend'),
  permissionModuleTenantPolicy,
  permissionsServiceFactory,
  authWithActors,
];

/** A catalog user entity with an email and the groups it is a member of. */
export function userEntity(
  ref: string,
  email: string,
  groups: string[],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { profile: { email } },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}
