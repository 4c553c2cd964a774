import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantPolicyField } from './TenantPolicyField';
import { tenantPolicyValidation } from './validation';

export { TenantPolicyField } from './TenantPolicyField';
export {
  tenantPolicyValidation,
  type TenantPolicyFieldUiOptions,
} from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_POLICY_FIELD = 'TenantPolicyField';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantPolicyFieldFormField = createFormField({
  name: TENANT_POLICY_FIELD,
  component: TenantPolicyField,
  validation: tenantPolicyValidation,
});
