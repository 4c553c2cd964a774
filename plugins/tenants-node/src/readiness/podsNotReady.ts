import { computeResourceStatus } from '../kubernetes/kstatus';
import type { WorkloadRef } from './expectedWorkloadsOf';
import {
  isCurrentRevisionPod,
  isPodOf,
  type ObservedObjects,
} from './podRevision';

const conditionOf = (pod: any, type: string) =>
  (pod.status?.conditions ?? []).find((c: any) => c.type === type);

/**
 * Where a pod that is not ready stands, in a few words, e.g.
 * `pod/postgres-0 not scheduled: 0/3 nodes are available: …`.
 */
export function podNotReadyReason(pod: any): string {
  const name = `pod/${pod.metadata?.name}`;
  const node = pod.spec?.nodeName;
  if (!node) {
    const scheduled = conditionOf(pod, 'PodScheduled');
    return scheduled?.status === 'False' && scheduled.message
      ? `${name} not scheduled: ${scheduled.message}`
      : `${name} not scheduled yet`;
  }
  const waiting = (pod.status?.containerStatuses ?? []).find(
    (c: any) => c.state?.waiting?.reason,
  );
  if (waiting) {
    return `${name} on ${node}: container ${waiting.name} ${waiting.state.waiting.reason}`;
  }
  const phase = pod.status?.phase ?? 'Pending';
  return phase === 'Running'
    ? `${name} running on ${node}, not ready`
    : `${name} ${phase} on ${node}`;
}

/**
 * The pods of the workloads' current revisions that are not ready, for the
 * workloads that exist and are not ready; one without any such pod says so. Undefined when there is nothing to tell. For the message of a
 * readiness timeout: whether the pods were never created, never scheduled or
 * never became ready points at different culprits.
 */
export function podsNotReady(
  expected: WorkloadRef[],
  observed: ObservedObjects,
): string | undefined {
  const pods = [...(observed.get('Pod')?.values() ?? [])].filter(pod =>
    isCurrentRevisionPod(pod, observed),
  );
  const lines: string[] = [];
  for (const workload of expected) {
    const object = observed.get(workload.kind)?.get(workload.name);
    if (!object || computeResourceStatus(object).status === 'Current') continue;
    const own = pods.filter(pod => isPodOf(pod, workload));
    const notReady = own.filter(
      pod => conditionOf(pod, 'Ready')?.status !== 'True',
    );
    if (own.length === 0) {
      lines.push(`${workload.kind.toLowerCase()}/${workload.name} has no pods`);
    } else {
      lines.push(...notReady.map(podNotReadyReason));
    }
  }
  return lines.length ? lines.join('; ') : undefined;
}
