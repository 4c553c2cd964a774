export type { KubeConfig } from '@kubernetes/client-node';
export { loadKubernetesClient } from './loadKubernetesClient';
export type { KubernetesClientModule } from './loadKubernetesClient';
export { namespaceExists } from './namespaceExists';
export { computeResourceStatus } from './kstatus';
export type {
  KubernetesObjectWithStatus,
  ResourceStatus,
  ResourceStatusResult,
} from './kstatus';
export { waitForObject } from './waitForObject';
export type { ObjectReference, WaitForObjectOptions } from './waitForObject';
export { waitForObjects, WaitTimeoutError } from './waitForObjects';
export type {
  CollectionReference,
  WaitForObjectsOptions,
} from './waitForObjects';
export { FAULT_INJECTION_LABEL } from './faults';
export type { InjectedFault } from './faults';
export { applyObjects, ApplyError } from './applyObjects';
export type { AppliedObject, ApplyObjectsOptions } from './applyObjects';
export type { ApplyOutcome } from './applyOutcome';
export { deleteLabelledObjects } from './deleteLabelledObjects';
export { listLabelledObjects } from './listLabelledObjects';
export type { LabelledKind } from './listLabelledObjects';
export type {
  DeleteLabelledObjectsOptions,
  TeardownKind,
  TeardownResult,
} from './deleteLabelledObjects';
export { removeStaleJobs } from './removeStaleJobs';
export type { RemoveStaleJobsOptions } from './removeStaleJobs';
