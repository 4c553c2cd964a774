import { z } from 'zod';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import {
  slugOfTenantAdminsGroupRef,
  TENANT_STATES,
  tenantAdminsGroupRef,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantPermissionResourceRef } from './resourceRef';

/**
 * Allows tenants whose admins group (`group:default/<slug>-admins`) is among
 * the given claims, typically the user's ownership entity refs.
 *
 * @public
 */
export const isTenantAdmin = createPermissionRule({
  name: 'IS_TENANT_ADMIN',
  description:
    "Allow tenants whose admins group (group:default/<slug>-admins) is among the user's claims",
  resourceRef: tenantPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs the user owns through, e.g. user.info.ownershipEntityRefs',
      ),
  }),
  apply: (tenant, { claims }) => {
    const groupRef = tenantAdminsGroupRef(tenant.slug);
    return claims.some(claim => claim.toLowerCase() === groupRef);
  },
  toQuery: ({ claims }) => ({
    field: 'slug',
    values: [
      ...new Set(
        claims
          .map(slugOfTenantAdminsGroupRef)
          .filter((slug): slug is string => slug !== undefined),
      ),
    ],
  }),
});

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

/** The permission rules of the `tenant` resource type. @public */
export const tenantPermissionRules = { isTenantAdmin, hasTenantState };
