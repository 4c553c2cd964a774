export { parseQuantity, compareQuantities } from './quantity';
export {
  planTenantChange,
  objectsToPrune,
  objectIdentity,
  objectRef,
} from './planTenantChange';
export type { TenantChangePhase, TenantChangePlan } from './planTenantChange';
export { planTenantRepair } from './planTenantRepair';
export { pruneObjects } from './pruneObjects';
export type { PruneObjectsOptions } from './pruneObjects';
export {
  prepareStatefulSetStorage,
  claimTemplateDifference,
} from './statefulSetStorage';
export type {
  ClaimTemplate,
  PrepareStatefulSetStorageOptions,
  StatefulSetStorageResult,
} from './statefulSetStorage';
