import { computeResourceStatus } from '../kubernetes/kstatus';
import type { WorkloadRef } from './expectedWorkloadsOf';
import {
  isCurrentRevisionPod,
  isPodOf,
  type ObservedObjects,
} from './podRevision';
import { workloadProgress, type WorkloadProgress } from './workloadProgress';

/** Why a pod failed by kstatus (e.g. CrashLoopBackOff), or undefined. */
function podFailure(pod: any): string | undefined {
  const { status, message } = computeResourceStatus(pod);
  return status === 'Failed' ? message : undefined;
}

/** A Job's pod whose container exited with an error: its Job decides whether to try again. */
const isFailedJobRun = (pod: any) =>
  (pod.metadata?.ownerReferences ?? []).some(
    (r: any) => r.controller && r.kind === 'Job',
  ) &&
  (pod.status?.phase === 'Failed' ||
    (pod.status?.containerStatuses ?? []).some(
      (c: any) => c.state?.terminated?.exitCode,
    ));

/**
 * The failed pods of the workloads' current revisions, each named with its
 * workload, e.g. `deployment/api (pod/api-1): Back-off restarting failed
 * container`; undefined when none failed. A Job's pod that ended in failure
 * is left to its Job, which starts another until its backoff limit.
 */
function podFailures(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): string | undefined {
  const failures = [...observed.get('Pod')!.values()]
    .filter(pod => isCurrentRevisionPod(pod, observed))
    .filter(pod => !isFailedJobRun(pod))
    .map(pod => ({ pod, status: podFailure(pod) }))
    .filter(p => p.status);
  if (failures.length === 0) return undefined;
  return failures
    .map(p => {
      const owner = expected.find(e => isPodOf(p.pod, e));
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

/** Why the workload's last failed pod failed, e.g. `pod/setup-x: pod failed: …`, to tell with a failed Job. */
function lastPodFailure(
  workload: WorkloadRef,
  observed: ObservedObjects,
): string | undefined {
  const failed = [...observed.get('Pod')!.values()]
    .filter(
      pod => isPodOf(pod, workload) && isCurrentRevisionPod(pod, observed),
    )
    .map(pod => ({ pod, status: podFailure(pod) }))
    .filter(p => p.status)
    .sort((a, b) =>
      String(a.pod.metadata?.creationTimestamp ?? '').localeCompare(
        String(b.pod.metadata?.creationTimestamp ?? ''),
      ),
    )
    .pop();
  return failed && `pod/${failed.pod.metadata?.name}: ${failed.status}`;
}

/** The expected workloads that are Current as last observed (not from before their apply). */
export function readyWorkloads(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): WorkloadRef[] {
  return expected.filter(e => {
    const object = observed.get(e.kind)?.get(e.name);
    return (
      object !== undefined &&
      !isStale(e, object) &&
      computeResourceStatus(object).status === 'Current'
    );
  });
}

/**
 * The readiness of the expected workloads by kstatus, given the observed
 * workloads and pods. A workload fails when it is Failed itself (a failed
 * Job with the reason of its last failed pod) or, failing that, when a pod
 * of its current revision is (e.g. CrashLoopBackOff).
 */
export function workloadReadiness(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): WorkloadProgress {
  const progress = workloadProgress(
    expected.map(e => {
      const object = observed.get(e.kind)!.get(e.name);
      const stale = isStale(e, object);
      const failedPod =
        e.kind === 'Job' && object && !stale
          ? lastPodFailure(e, observed)
          : undefined;
      return {
        kind: e.kind,
        name: e.name,
        object,
        stale,
        ...(failedPod ? { failedPod } : {}),
      };
    }),
  );
  if (!progress.failure && observesLatestApply(expected, observed)) {
    const failure = podFailures(expected, observed);
    if (failure) progress.failure = failure;
  }
  return progress;
}
