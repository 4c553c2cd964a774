export { permissionModuleTenantPolicy } from './module';
export { TenantPermissionPolicy } from './TenantPermissionPolicy';
export { CatalogMembership } from './CatalogMembership';
export { catalogMembershipServiceRef } from './catalogMembershipServiceRef';
export {
  createTenantPolicyDecision,
  PLATFORM_ADMIN_TAG,
} from './createTenantPolicyDecision';
export type { TenantPolicyDecisionOptions } from './createTenantPolicyDecision';
