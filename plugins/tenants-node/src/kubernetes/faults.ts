/**
 * Label that the local cluster's kwok stages read to inject a failure into a
 * pod: `container-fail` terminates its containers with an error,
 * `never-ready` keeps it running but never Ready. Real clusters ignore it.
 *
 * @public
 */
export const FAULT_INJECTION_LABEL = 'fault.tenants.dev/inject';

/** @public */
export type InjectedFault = 'container-fail' | 'never-ready';
