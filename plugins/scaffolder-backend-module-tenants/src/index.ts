/**
 * Scaffolder actions for tenant provisioning (one per phase) and for
 * applying change requests.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTenants as default } from './module';
export { createTenantActions, createTenantActionsModule } from './module';
export { TenantServiceClient } from './TenantServiceClient';
export type { PhaseEvent, RegisteredTenant } from './TenantServiceClient';
