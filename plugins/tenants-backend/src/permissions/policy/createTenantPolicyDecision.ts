import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityReadPermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TEMPLATE } from '@backstage/plugin-scaffolder-common/alpha';
import {
  TENANT_RESOURCE_TYPE,
  tenantChangeRequestCreatePermission,
  tenantReadPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  createTenantConditionalDecision,
  tenantConditions,
} from '../conditions';
import { TenantGroups } from '../TenantGroups';
import {
  catalogEntityConditions,
  createCatalogEntityConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderTemplateConditions,
} from './foreignConditions';

/**
 * Tag of templates (and of template parameters/steps, in
 * `backstage:permissions.tags`) only platform admins may use.
 *
 * @public
 */
export const PLATFORM_ADMIN_TAG = 'platform-admin';

/**
 * Options of {@link createTenantPolicyDecision}.
 *
 * @public
 */
export type TenantPolicyDecisionOptions = {
  /**
   * The user's current ownership refs (user and groups), e.g. from
   * {@link CatalogMembership}; default: the refs of the user's token, which
   * do not change until the user signs in again.
   */
  claims?: string[];
  /** The configured groups; default {@link TenantGroups.defaults}. */
  groups?: TenantGroups;
};

/**
 * The tenant platform's decision on a request, or undefined when the request
 * is none of its business, so that a portal's own policy decides it.
 *
 * - Platform admins: every request below is allowed.
 * - Others:
 *   - `tenant.read`, `tenant.change-request.create`: only for tenants they
 *     administer (`IS_TENANT_ADMIN` with their claims);
 *   - every other tenant permission: denied;
 *   - scaffolder template parameters and steps tagged `platform-admin`: hidden;
 *   - `catalog.entity.read`: templates tagged `platform-admin` and tenant
 *     resources they do not own are not readable.
 *
 * @public
 */
export function createTenantPolicyDecision(
  request: PolicyQuery,
  user: PolicyQueryUser | undefined,
  options: TenantPolicyDecisionOptions = {},
): PolicyDecision | undefined {
  const { permission } = request;
  const isTenantPermission =
    isResourcePermission(permission, TENANT_RESOURCE_TYPE) ||
    permission.name.startsWith('tenant.');
  const isTemplatePermission = isResourcePermission(
    permission,
    RESOURCE_TYPE_SCAFFOLDER_TEMPLATE,
  );
  const isCatalogRead =
    isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY) &&
    isPermission(permission, catalogEntityReadPermission);
  if (!isTenantPermission && !isTemplatePermission && !isCatalogRead) {
    return undefined;
  }

  const claims = options.claims ?? user?.info.ownershipEntityRefs ?? [];
  const groups = options.groups ?? TenantGroups.defaults;
  if (groups.isPlatformAdmin(claims)) {
    return { result: AuthorizeResult.ALLOW };
  }

  if (isResourcePermission(permission, TENANT_RESOURCE_TYPE)) {
    if (
      isPermission(permission, tenantReadPermission) ||
      isPermission(permission, tenantChangeRequestCreatePermission)
    ) {
      return createTenantConditionalDecision(
        permission,
        tenantConditions.isTenantAdmin({ claims }),
      );
    }
  }
  if (isTenantPermission) {
    return { result: AuthorizeResult.DENY };
  }
  if (isTemplatePermission) {
    return createScaffolderTemplateConditionalDecision({
      not: scaffolderTemplateConditions.hasTag({ tag: PLATFORM_ADMIN_TAG }),
    });
  }
  return createCatalogEntityConditionalDecision({
    anyOf: [
      catalogEntityConditions.isEntityOwner({ claims }),
      {
        not: {
          anyOf: [
            {
              allOf: [
                catalogEntityConditions.isEntityKind({ kinds: ['Template'] }),
                catalogEntityConditions.hasMetadata({
                  key: 'tags',
                  value: PLATFORM_ADMIN_TAG,
                }),
              ],
            },
            {
              allOf: [
                catalogEntityConditions.isEntityKind({ kinds: ['Resource'] }),
                catalogEntityConditions.hasSpec({
                  key: 'type',
                  value: 'tenant',
                }),
              ],
            },
          ],
        },
      },
    ],
  });
}
