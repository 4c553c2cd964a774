export { TenantRegionPicker } from './TenantRegionPicker';
export {
  tenantRegionValidation,
  type TenantRegionPickerUiOptions,
} from './validation';
