/**
 * The Tenant Service backend plugin, its catalog module and the condition
 * exports of its `tenant` permission resource.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export { catalogModuleTenants } from './catalog/module';
export * from './permissions';
