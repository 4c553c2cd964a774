/**
 * Backend library of the tenants plugins: Kubernetes access, readiness and
 * (in later phases) manifest rendering, apply and teardown.
 *
 * @packageDocumentation
 */
export * from './kubernetes';
export * from './clusters';
export * from './render';
export * from './teardown';
export * from './changes';
export * from './database';
