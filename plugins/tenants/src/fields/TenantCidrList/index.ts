export { TenantCidrList } from './TenantCidrList';
export { tenantCidrListValidation } from './validation';
