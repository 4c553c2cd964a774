export {
  TenantSlugPicker,
  type TenantSlugPickerUiOptions,
} from './TenantSlugPicker';
export { tenantSlugValidation } from './validation';
