import { z } from 'zod';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { TENANT_STATES } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantPermissionResourceRef } from './resourceRef';
import { TenantGroups } from './TenantGroups';

const IS_TENANT_ADMIN = 'IS_TENANT_ADMIN';

/**
 * The `IS_TENANT_ADMIN` rule for the given group naming: allows tenants whose
 * admins group (by default `group:default/<slug>-admins`) is among the claims.
 */
function createIsTenantAdminRule(groups: TenantGroups) {
  return createPermissionRule({
    name: IS_TENANT_ADMIN,
    description: `Allow tenants whose admins group (${groups.tenantAdminGroup}) is among the user's claims`,
    resourceRef: tenantPermissionResourceRef,
    paramsSchema: z.object({
      claims: z
        .array(z.string())
        .describe(
          "Entity refs the user owns through, e.g. the user's current groups",
        ),
    }),
    apply: (tenant, { claims }) => {
      const groupRef = groups.tenantAdminGroupRefOf(tenant.slug);
      return claims.some(claim => claim.toLowerCase() === groupRef);
    },
    toQuery: ({ claims }) => ({
      field: 'slug',
      values: [
        ...new Set(
          claims
            .map(claim => groups.slugOfTenantAdminGroupRef(claim))
            .filter((slug): slug is string => slug !== undefined),
        ),
      ],
    }),
  });
}

/** Allows tenants in one of the given lifecycle states. @public */
export const hasTenantState = createPermissionRule({
  name: 'HAS_TENANT_STATE',
  description: 'Allow tenants in one of the given lifecycle states',
  resourceRef: tenantPermissionResourceRef,
  paramsSchema: z.object({
    states: z.array(z.enum(TENANT_STATES)).describe('Lifecycle states'),
  }),
  apply: (tenant, { states }) => states.includes(tenant.state),
  toQuery: ({ states }) => ({ field: 'state', values: [...states] }),
});

/** The permission rules of the `tenant` resource type for a group naming. */
export function createTenantPermissionRules(groups: TenantGroups) {
  return { isTenantAdmin: createIsTenantAdminRule(groups), hasTenantState };
}

/**
 * Allows tenants whose admins group (`group:default/<slug>-admins` unless
 * `tenants.permissions.tenantAdminGroup` says otherwise) is among the given
 * claims. The Tenant Service applies it with the configured naming.
 *
 * @public
 */
export const isTenantAdmin = createIsTenantAdminRule(TenantGroups.defaults);

/** The permission rules of the `tenant` resource type (default group naming). @public */
export const tenantPermissionRules = { isTenantAdmin, hasTenantState };
