/**
 * The Tenant Service backend plugin, its catalog modules (the tenants; the
 * packaged templates) and the condition exports of its `tenant` permission
 * resource.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export { catalogModuleTenants } from './catalog/module';
export { catalogModuleTenantTemplates } from './catalog/templates/module';
export * from './permissions';
