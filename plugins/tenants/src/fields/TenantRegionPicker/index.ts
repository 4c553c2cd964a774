import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantRegionPicker } from './TenantRegionPicker';
import { tenantRegionValidation } from './validation';

export { TenantRegionPicker, describeNearest } from './TenantRegionPicker';
export {
  tenantRegionValidation,
  type TenantRegionPickerUiOptions,
} from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_REGION_PICKER = 'TenantRegionPicker';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantRegionPickerFormField = createFormField({
  name: TENANT_REGION_PICKER,
  component: TenantRegionPicker,
  validation: tenantRegionValidation,
});
