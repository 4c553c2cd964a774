export { TenantDataSources } from './TenantDataSources';
export { tenantDataSourcesValidation, type DataSourceItem } from './validation';
