import {
  AuthorizeResult,
  type ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The decision the tenant policy gives a user who may be a tenant admin: the
 * tenants whose admins group is among `claims`, as it travels to the
 * permission backend.
 */
export function tenantAdminDecision(
  claims: string[],
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'tenants',
    resourceType: 'tenant',
    conditions: {
      rule: 'IS_TENANT_ADMIN',
      resourceType: 'tenant',
      params: { claims },
    },
  };
}
