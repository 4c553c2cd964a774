export { loadKubernetesClient } from './loadKubernetesClient';
export type { KubernetesClientModule } from './loadKubernetesClient';
export { computeResourceStatus } from './kstatus';
export type {
  KubernetesObjectWithStatus,
  ResourceStatus,
  ResourceStatusResult,
} from './kstatus';
export { waitForObject, WaitTimeoutError } from './waitForObject';
export type { ObjectReference, WaitForObjectOptions } from './waitForObject';
export { FAULT_INJECTION_LABEL } from './faults';
export type { InjectedFault } from './faults';
