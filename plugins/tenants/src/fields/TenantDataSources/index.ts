import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantDataSources } from './TenantDataSources';
import { tenantDataSourcesValidation } from './validation';

export { TenantDataSources } from './TenantDataSources';
export {
  tenantDataSourcesValidation,
  passwordSecretKey,
  type DataSourceItem,
} from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_DATA_SOURCES = 'TenantDataSources';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantDataSourcesFormField = createFormField({
  name: TENANT_DATA_SOURCES,
  component: TenantDataSources,
  validation: tenantDataSourcesValidation,
});
