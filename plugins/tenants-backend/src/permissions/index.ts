export { tenantPermissionResourceRef } from './resourceRef';
export type { TenantQuery } from './resourceRef';
export { isTenantAdmin, hasTenantState, tenantPermissionRules } from './rules';
export {
  tenantConditions,
  createTenantConditionalDecision,
} from './conditions';
export { TenantGroups } from './TenantGroups';
export * from './policy';
