/**
 * Tenant status, provisioning progress and change requests in the Backstage catalog.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export {
  tenantsApiRef,
  type TenantsApi,
  type Tenant,
  type SlugAvailability,
} from './api/TenantsApi';
export { TenantsClient } from './api/TenantsClient';
export { TenantsPage } from './components/TenantsPage';
