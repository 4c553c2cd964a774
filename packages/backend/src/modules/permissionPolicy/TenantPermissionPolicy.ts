import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TEMPLATE } from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTemplateConditionalDecision,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  PLATFORM_ADMINS_GROUP_REF,
  TENANT_RESOURCE_TYPE,
  tenantChangeRequestCreatePermission,
  tenantReadPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  createTenantConditionalDecision,
  tenantConditions,
} from '@tenant-platform/backstage-plugin-tenants-backend';

/** Tag of templates (and of template parameters/steps) only platform admins may use. */
export const PLATFORM_ADMIN_TAG = 'platform-admin';

const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';
const CATALOG_ENTITY_READ = 'catalog.entity.read';

/**
 * The tenant platform's permission policy.
 *
 * - Platform admins (members of `group:default/platform-admins`): everything.
 * - Others:
 *   - `tenant.read`, `tenant.change-request.create`: only for tenants they
 *     administer (`isTenantAdmin`, i.e. members of `<slug>-admins`);
 *   - every other tenant permission (`tenant.create`, `tenant.manage`,
 *     `tenant.change-request.approve`, future ones): denied;
 *   - scaffolder template parameters and steps tagged `platform-admin`
 *     (`backstage:permissions.tags`): hidden, so such steps never run;
 *   - catalog: templates tagged `platform-admin` (metadata.tags) and tenant
 *     resources they do not own are not readable, so platform-admin templates
 *     cannot be run and tenants do not leak through the catalog;
 *   - everything else: allowed.
 */
export class TenantPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => ref.toLowerCase() === PLATFORM_ADMINS_GROUP_REF)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;

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
      return { result: AuthorizeResult.DENY };
    }
    if (permission.name.startsWith('tenant.')) {
      return { result: AuthorizeResult.DENY };
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TEMPLATE)) {
      return createScaffolderTemplateConditionalDecision(permission, {
        not: scaffolderTemplateConditions.hasTag({ tag: PLATFORM_ADMIN_TAG }),
      });
    }

    if (
      isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY) &&
      permission.name === CATALOG_ENTITY_READ
    ) {
      return createCatalogConditionalDecision(permission, {
        anyOf: [
          catalogConditions.isEntityOwner({ claims }),
          {
            not: {
              anyOf: [
                {
                  allOf: [
                    catalogConditions.isEntityKind({ kinds: ['Template'] }),
                    catalogConditions.hasMetadata({
                      key: 'tags',
                      value: PLATFORM_ADMIN_TAG,
                    }),
                  ],
                },
                {
                  allOf: [
                    catalogConditions.isEntityKind({ kinds: ['Resource'] }),
                    catalogConditions.hasSpec({ key: 'type', value: 'tenant' }),
                  ],
                },
              ],
            },
          },
        ],
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
