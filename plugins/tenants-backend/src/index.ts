/**
 * The Tenant Service backend plugin.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
