/**
 * Types, zod schemas and permissions shared by the tenants plugins.
 *
 * @packageDocumentation
 */
export * from './phases';
export * from './status';
export * from './spec';
export * from './cidr';
export * from './text';
export * from './permissions';
export * from './api';
export * from './signals';
export * from './policy';
export * from './wizard';
export * from './changeRequests';
export * from './phaseObjects';
export * from './drift';
