import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantCidrList } from './TenantCidrList';
import { tenantCidrListValidation } from './validation';

export { TenantCidrList } from './TenantCidrList';
export { tenantCidrListValidation } from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_CIDR_LIST = 'TenantCidrList';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantCidrListFormField = createFormField({
  name: TENANT_CIDR_LIST,
  component: TenantCidrList,
  validation: tenantCidrListValidation,
});
