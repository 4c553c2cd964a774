export { waitForWorkloads } from './waitForWorkloads';
export type { WaitForWorkloadsOptions } from './waitForWorkloads';
export { expectedWorkloadsOf } from './expectedWorkloadsOf';
export type { WorkloadRef } from './expectedWorkloadsOf';
export { workloadProgress } from './workloadProgress';
export type { ObservedWorkload, WorkloadProgress } from './workloadProgress';
export {
  isCurrentRevisionPod,
  podsBlockingStatefulSetRollout,
} from './podRevision';
export type { ObservedObjects } from './podRevision';
export {
  endpointChecks,
  readyEndpointsByService,
  workloadChecks,
} from './healthChecks';
export type { CheckResult, EndpointSliceLike } from './healthChecks';
export {
  certificateChecks,
  certificateReadiness,
  issuedCertificateChecks,
} from './certificateChecks';
export type {
  CertificateCheckOptions,
  CertManagerObject,
} from './certificateChecks';
export { dnsChecks, dnsResolverFor } from './dnsChecks';
export type { DnsCheckOptions, ResolveAddresses } from './dnsChecks';
