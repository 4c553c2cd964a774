import { computeResourceStatus } from '../kubernetes/kstatus';

/** A workload as seen on the cluster (or not yet seen). @public */
export interface ObservedWorkload {
  kind: string;
  name: string;
  /** The object as the API server reports it; undefined while it does not exist. */
  object?: Parameters<typeof computeResourceStatus>[0];
  /** The object shown is older than the last apply (its watch event is on its way). */
  stale?: boolean;
  /** Why its last failed pod failed, told with the workload's own failure (a Job's reason is only its backoff limit). */
  failedPod?: string;
}

/** Readiness of a set of workloads, summarized for the task log. @public */
export interface WorkloadProgress {
  ready: number;
  total: number;
  /** e.g. `3/5 workloads ready, waiting on statefulset/postgres: 0/1 ready` */
  message: string;
  /** Set when a workload failed by kstatus, e.g. `deployment/api: Progress deadline exceeded` */
  failure?: string;
}

const refOf = (w: { kind: string; name: string }) =>
  `${w.kind.toLowerCase()}/${w.name}`;

/** Summarizes workload readiness by the kstatus rules. @public */
export function workloadProgress(
  workloads: ObservedWorkload[],
): WorkloadProgress {
  const waiting: string[] = [];
  const failures: string[] = [];
  let ready = 0;
  for (const workload of workloads) {
    if (!workload.object) {
      waiting.push(`${refOf(workload)}: not created yet`);
      continue;
    }
    if (workload.stale) {
      waiting.push(`${refOf(workload)}: applied change not observed yet`);
      continue;
    }
    const { status, message } = computeResourceStatus(workload.object);
    if (status === 'Current') {
      ready += 1;
    } else if (status === 'Failed') {
      failures.push(
        `${refOf(workload)}: ${message}${
          workload.failedPod ? ` (${workload.failedPod})` : ''
        }`,
      );
    } else {
      waiting.push(`${refOf(workload)}: ${message}`);
    }
  }
  const total = workloads.length;
  const head = `${ready}/${total} workloads ready`;
  const notReady = [...failures, ...waiting];
  return {
    ready,
    total,
    message: notReady.length
      ? `${head}, waiting on ${notReady.join(', ')}`
      : head,
    ...(failures.length ? { failure: failures.join('; ') } : {}),
  };
}
