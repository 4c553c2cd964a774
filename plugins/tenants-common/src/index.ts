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
export * from './dataSourceChanges';
export {
  CHANGEABLE_FIELDS,
  changeableFieldAt,
  changeableFieldSchemas,
  describeFieldChange,
  describeFieldValue,
  IMMUTABLE_FIELD_REASONS,
  readChangeableField,
  type ChangeableField,
  type ChangeableFieldKey,
  type ChangeValue,
} from './changeFields';
export * from './phaseObjects';
export * from './drift';
export * from './rollouts';
