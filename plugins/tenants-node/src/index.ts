/**
 * Backend library of the tenants plugins: cluster access, manifest
 * rendering, apply, readiness, Secrets, changes, drift and teardown.
 *
 * @packageDocumentation
 */
export * from './kubernetes';
export * from './crds';
export * from './readiness';
export * from './secrets';
export * from './clusters';
export * from './render';
export * from './teardown';
export * from './changes';
export * from './drift';
export * from './database';
