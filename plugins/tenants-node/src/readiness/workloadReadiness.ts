import { computeResourceStatus } from '../kubernetes/kstatus';
import { APP_NAME_LABEL } from '../render/labels';
import type { WorkloadRef } from './expectedWorkloadsOf';
import { isCurrentRevisionPod, type ObservedObjects } from './podRevision';
import { workloadProgress, type WorkloadProgress } from './workloadProgress';

/** Why a pod failed by kstatus (e.g. CrashLoopBackOff), or undefined. */
function podFailure(pod: any): string | undefined {
  const { status, message } = computeResourceStatus(pod);
  return status === 'Failed' ? message : undefined;
}

/**
 * The failed pods of the workloads' current revisions, each named with its
 * workload, e.g. `deployment/api (pod/api-1): Back-off restarting failed
 * container`; undefined when none failed.
 */
function podFailures(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): string | undefined {
  const failures = [...observed.get('Pod')!.values()]
    .filter(pod => isCurrentRevisionPod(pod, observed))
    .map(pod => ({ pod, status: podFailure(pod) }))
    .filter(p => p.status);
  if (failures.length === 0) return undefined;
  return failures
    .map(p => {
      const app = p.pod.metadata?.labels?.[APP_NAME_LABEL];
      const owner = expected.find(e => e.name === app);
      const pod = `pod/${p.pod.metadata?.name}`;
      return `${
        owner ? `${owner.kind.toLowerCase()}/${owner.name} (${pod})` : pod
      }: ${p.status}`;
    })
    .join('; ');
}

/** Whether the observed object is from before the apply that answered `expected`'s uid and generation. */
const isStale = (expected: WorkloadRef, object: any) =>
  object !== undefined &&
  ((expected.uid !== undefined && object.metadata?.uid !== expected.uid) ||
    (expected.generation !== undefined &&
      (object.metadata?.generation ?? 0) < expected.generation));

/**
 * Whether every expected workload is observed at least at the generation its
 * apply answered. Until then the pods and revisions observed may be those of
 * the previous spec, so they are not judged.
 */
export function observesLatestApply(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): boolean {
  return !expected.some(e => isStale(e, observed.get(e.kind)?.get(e.name)));
}

/**
 * The readiness of the expected workloads by kstatus, given the observed
 * workloads and pods. A workload fails when it is Failed itself or, failing
 * that, when a pod of its current revision is (e.g. CrashLoopBackOff).
 */
export function workloadReadiness(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): WorkloadProgress {
  const progress = workloadProgress(
    expected.map(e => {
      const object = observed.get(e.kind)!.get(e.name);
      return { kind: e.kind, name: e.name, object, stale: isStale(e, object) };
    }),
  );
  if (!progress.failure && observesLatestApply(expected, observed)) {
    const failure = podFailures(expected, observed);
    if (failure) progress.failure = failure;
  }
  return progress;
}
