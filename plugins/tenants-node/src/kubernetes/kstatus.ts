/**
 * Readiness of Kubernetes objects by the kstatus rules
 * (sigs.k8s.io/cli-utils/pkg/kstatus): an object is Current once its
 * controller has observed the latest generation and reports the desired state.
 */

/** @public */
export type ResourceStatus =
  | 'Current'
  | 'InProgress'
  | 'Failed'
  | 'Terminating';

/** @public */
export interface ResourceStatusResult {
  status: ResourceStatus;
  /** What is being waited on or what failed, in words for the task log. */
  message: string;
}

/** The fields of a Kubernetes object that kstatus reads. @public */
export interface KubernetesObjectWithStatus {
  kind?: string;
  metadata?: {
    name?: string;
    generation?: number;
    deletionTimestamp?: string | Date;
  };
  spec?: any;
  status?: any;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const current = (message: string): ResourceStatusResult => ({
  status: 'Current',
  message,
});
const inProgress = (message: string): ResourceStatusResult => ({
  status: 'InProgress',
  message,
});
const failed = (message: string): ResourceStatusResult => ({
  status: 'Failed',
  message,
});

function findCondition(
  obj: KubernetesObjectWithStatus,
  type: string,
): Condition | undefined {
  return (obj.status?.conditions as Condition[] | undefined)?.find(
    c => c.type === type,
  );
}

function replicaStatus(obj: KubernetesObjectWithStatus): ResourceStatusResult {
  const kind = obj.kind ?? 'Object';
  const desired: number = obj.spec?.replicas ?? 1;
  const status = obj.status ?? {};
  const updated: number = status.updatedReplicas ?? 0;
  const ready: number = status.readyReplicas ?? 0;
  const available: number = status.availableReplicas ?? ready;
  const total: number = status.replicas ?? 0;

  if (kind === 'Deployment') {
    const progressing = findCondition(obj, 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return failed(
        `Progress deadline exceeded: ${progressing.message ?? ''}`.trim(),
      );
    }
  }
  if (updated < desired) {
    return inProgress(`${updated}/${desired} replicas updated`);
  }
  if (total > updated) {
    return inProgress(`${total - updated} old replicas pending termination`);
  }
  if (ready < desired) {
    return inProgress(`${ready}/${desired} ready`);
  }
  if (kind === 'Deployment' && available < desired) {
    return inProgress(`${available}/${desired} available`);
  }
  if (
    kind === 'StatefulSet' &&
    status.currentRevision &&
    status.updateRevision &&
    status.currentRevision !== status.updateRevision &&
    obj.spec?.updateStrategy?.type !== 'OnDelete'
  ) {
    return inProgress(`rolling out revision ${status.updateRevision}`);
  }
  return current(`${ready}/${desired} ready`);
}

const TERMINATION_MESSAGE_MAX = 500;

/** A termination message (maybe the container's last log lines) on one line, its end if long. */
function oneLine(message: string): string {
  const line = message
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .join(' | ');
  return line.length > TERMINATION_MESSAGE_MAX
    ? `…${line.slice(-TERMINATION_MESSAGE_MAX)}`
    : line;
}

/**
 * How the first container that exited with an error ended, e.g. `container
 * setup exited with code 1 (Error): <its termination message>`; a failed
 * pod's own status usually gives no reason.
 */
function terminatedContainer(
  obj: KubernetesObjectWithStatus,
): string | undefined {
  const containers: any[] = obj.status?.containerStatuses ?? [];
  const ended = containers.find(c => c.state?.terminated?.exitCode);
  if (!ended) return undefined;
  const { exitCode, reason, message } = ended.state.terminated;
  return `container ${ended.name} exited with code ${exitCode}${
    reason ? ` (${reason})` : ''
  }${message ? `: ${oneLine(String(message))}` : ''}`;
}

function podStatus(obj: KubernetesObjectWithStatus): ResourceStatusResult {
  const phase: string | undefined = obj.status?.phase;
  if (phase === 'Succeeded') {
    return current('pod succeeded');
  }
  if (phase === 'Failed') {
    return failed(
      `pod failed: ${
        obj.status?.message ??
        obj.status?.reason ??
        terminatedContainer(obj) ??
        'no reason given'
      }`,
    );
  }
  const ready = findCondition(obj, 'Ready');
  if (ready?.status === 'True') {
    return current('pod ready');
  }
  const containers: any[] = obj.status?.containerStatuses ?? [];
  for (const container of containers) {
    const waiting = container.state?.waiting;
    if (
      waiting?.reason === 'CrashLoopBackOff' ||
      waiting?.reason === 'ImagePullBackOff' ||
      waiting?.reason === 'ErrImagePull' ||
      container.state?.terminated?.exitCode
    ) {
      const terminated =
        container.lastState?.terminated ?? container.state?.terminated;
      const detail =
        waiting?.message ?? terminated?.message ?? terminated?.reason ?? '';
      return failed(
        `container ${container.name}: ${
          waiting?.reason ?? 'terminated'
        } ${detail}`.trim(),
      );
    }
  }
  const scheduled = findCondition(obj, 'PodScheduled');
  if (scheduled?.status === 'False') {
    return inProgress(
      `not scheduled: ${scheduled.message ?? scheduled.reason ?? ''}`.trim(),
    );
  }
  return inProgress(
    `pod not ready${ready?.message ? `: ${ready.message}` : ''}`,
  );
}

/**
 * Computes the kstatus of an object as reported by the API server.
 *
 * @public
 */
export function computeResourceStatus(
  obj: KubernetesObjectWithStatus,
): ResourceStatusResult {
  if (obj.metadata?.deletionTimestamp) {
    return { status: 'Terminating', message: 'being deleted' };
  }
  const generation = obj.metadata?.generation;
  const observed = obj.status?.observedGeneration;
  if (
    generation !== undefined &&
    observed !== undefined &&
    observed < generation
  ) {
    return inProgress(
      `controller has not observed generation ${generation} yet`,
    );
  }

  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      if (observed === undefined) {
        return inProgress('controller has not observed the object yet');
      }
      return replicaStatus(obj);
    case 'DaemonSet': {
      const s = obj.status ?? {};
      if (observed === undefined) {
        return inProgress('controller has not observed the object yet');
      }
      const desired = s.desiredNumberScheduled ?? 0;
      if (
        (s.updatedNumberScheduled ?? 0) < desired ||
        (s.numberAvailable ?? 0) < desired
      ) {
        return inProgress(`${s.numberAvailable ?? 0}/${desired} available`);
      }
      return current(`${desired}/${desired} available`);
    }
    case 'Pod':
      return podStatus(obj);
    case 'Namespace':
      return obj.status?.phase === 'Active'
        ? current('namespace active')
        : inProgress('namespace not active');
    case 'PersistentVolumeClaim':
      return obj.status?.phase === 'Bound'
        ? current('bound')
        : inProgress('waiting to be bound');
    case 'Job': {
      const complete = findCondition(obj, 'Complete');
      const failedCondition = findCondition(obj, 'Failed');
      if (failedCondition?.status === 'True') {
        return failed(
          `job failed: ${
            failedCondition.message ?? failedCondition.reason ?? ''
          }`.trim(),
        );
      }
      return complete?.status === 'True'
        ? current('job complete')
        : inProgress('job running');
    }
    default: {
      // Generic rule: a Ready or Stalled condition decides; objects without status are Current.
      const stalled = findCondition(obj, 'Stalled');
      if (stalled?.status === 'True') {
        return failed(stalled.message ?? 'stalled');
      }
      const ready = findCondition(obj, 'Ready');
      if (ready && ready.status !== 'True') {
        return inProgress(ready.message ?? ready.reason ?? 'not ready');
      }
      return current(ready ? 'ready' : 'applied');
    }
  }
}
