import { createConditionExports } from '@backstage/plugin-permission-node';
import { tenantPermissionRules } from './rules';
import { tenantPermissionResourceRef } from './resourceRef';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: tenantPermissionResourceRef,
  rules: tenantPermissionRules,
});

/**
 * Condition factories of the `tenant` resource type for permission policies,
 * e.g. `tenantConditions.isTenantAdmin({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const tenantConditions = conditions;

/**
 * Wraps tenant conditions into a conditional policy decision.
 *
 * @public
 */
export const createTenantConditionalDecision = createConditionalDecision;
