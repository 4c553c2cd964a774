import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantSlugPicker } from './TenantSlugPicker';
import { tenantSlugValidation } from './validation';

export {
  TenantSlugPicker,
  type TenantSlugPickerUiOptions,
} from './TenantSlugPicker';
export { tenantSlugValidation } from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_SLUG_PICKER = 'TenantSlugPicker';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantSlugPickerFormField = createFormField({
  name: TENANT_SLUG_PICKER,
  component: TenantSlugPicker,
  validation: tenantSlugValidation,
});
