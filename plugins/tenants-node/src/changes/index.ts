export { parseQuantity, compareQuantities } from './quantity';
export {
  CHANGE_PHASES,
  planTenantChange,
  objectsToPrune,
  objectIdentity,
  objectRef,
} from './planTenantChange';
export type {
  ChangePhaseId,
  TenantChangePhase,
  TenantChangePlan,
} from './planTenantChange';
export { pruneObjects } from './pruneObjects';
export type { PruneObjectsOptions } from './pruneObjects';
export {
  prepareStatefulSetStorage,
  claimTemplateDifference,
} from './statefulSetStorage';
export type {
  PrepareStatefulSetStorageOptions,
  StatefulSetStorageResult,
} from './statefulSetStorage';
