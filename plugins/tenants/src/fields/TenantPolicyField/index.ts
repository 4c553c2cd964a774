export { TenantPolicyField } from './TenantPolicyField';
export {
  tenantPolicyValidation,
  type TenantPolicyFieldUiOptions,
} from './validation';
