export { TenantProvisioning } from './TenantProvisioning';
export { TenantStateChip } from './TenantStateChip';
