export { teardownKinds } from './teardownKinds';
export { teardownTenant } from './teardownTenant';
export type {
  TeardownTenantOptions,
  TenantTeardownResult,
} from './teardownTenant';
