import { APP_NAME_LABEL } from '../render/labels';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/**
 * Objects of the watched kinds as last listed: by kind (`Deployment`,
 * `ReplicaSet`, `StatefulSet`, `Job`, `Pod`), then by name.
 *
 * @public
 */
export type ObservedObjects = ReadonlyMap<string, ReadonlyMap<string, any>>;

const controllerOf = (obj: any) =>
  (obj?.metadata?.ownerReferences ?? []).find((r: any) => r.controller);

/**
 * Whether a pod is one of the workload's: a Job's by its owner (its pods are
 * named after the data setup, not the Job), others by the
 * `app.kubernetes.io/name` label the workload selects its pods by.
 */
export function isPodOf(
  pod: any,
  workload: { kind: string; name: string },
): boolean {
  if (workload.kind === 'Job') {
    const owner = controllerOf(pod);
    return owner?.kind === 'Job' && owner.name === workload.name;
  }
  return pod.metadata?.labels?.[APP_NAME_LABEL] === workload.name;
}

/**
 * Whether a pod belongs to its workload's current revision, so that its
 * failure is the workload's failure. During a rollout the previous
 * revision's pods keep running (and may keep crashing) until the new ones are
 * ready; judging them would fail a rollout that is repairing exactly that.
 * `observed` holds the Deployments, ReplicaSets, StatefulSets and Jobs by
 * kind and name. Pods whose revision cannot be told yet (the controller has
 * not seen the latest spec) are not current, nor are the pods of a deleted
 * Job that a Job of the same name replaced.
 *
 * @public
 */
export function isCurrentRevisionPod(
  pod: any,
  observed: ObservedObjects,
): boolean {
  const owner = controllerOf(pod);
  if (owner?.kind === 'ReplicaSet') {
    const replicaSet = observed.get('ReplicaSet')?.get(owner.name);
    const deployment = observed
      .get('Deployment')
      ?.get(controllerOf(replicaSet)?.name ?? '');
    if (!replicaSet || !deployment) return true;
    const observedLatestSpec =
      (deployment.status?.observedGeneration ?? 0) >=
      (deployment.metadata?.generation ?? 0);
    return (
      observedLatestSpec &&
      replicaSet.metadata?.annotations?.[REVISION_ANNOTATION] ===
        deployment.metadata?.annotations?.[REVISION_ANNOTATION]
    );
  }
  if (owner?.kind === 'Job') {
    const job = observed.get('Job')?.get(owner.name);
    return !job || job.metadata?.uid === owner.uid;
  }
  if (owner?.kind === 'StatefulSet') {
    const statefulSet = observed.get('StatefulSet')?.get(owner.name);
    const updateRevision = statefulSet?.status?.updateRevision;
    if (!updateRevision) return true;
    return (
      (statefulSet.status?.observedGeneration ?? 0) >=
        (statefulSet.metadata?.generation ?? 0) &&
      pod.metadata?.labels?.['controller-revision-hash'] === updateRevision
    );
  }
  return true;
}

const isReady = (pod: any) =>
  (pod?.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );

/**
 * Pods that hold up their StatefulSet's rolling update for good: with the
 * default `OrderedReady` pod management the controller neither replaces nor
 * gets past a pod that is not Ready, so a pod of an older revision that never
 * became Ready (its spec was broken, and has been fixed since) stays as it is
 * (kubernetes/kubernetes#67250). The Kubernetes documentation's remedy
 * ("Forced rollback") is to delete such pods; the controller then recreates
 * them from the current revision. Only sets whose controller has seen their
 * latest spec and that roll out every pod (no partition, not `OnDelete`)
 * count; `Parallel` sets replace such pods by themselves.
 *
 * @public
 */
export function podsBlockingStatefulSetRollout(
  pods: Iterable<any>,
  observed: ObservedObjects,
): any[] {
  return [...pods].filter(pod => {
    const owner = controllerOf(pod);
    if (owner?.kind !== 'StatefulSet') return false;
    const set = observed.get('StatefulSet')?.get(owner.name);
    const updateRevision = set?.status?.updateRevision;
    const strategy = set?.spec?.updateStrategy;
    return (
      Boolean(updateRevision) &&
      (set.status?.observedGeneration ?? 0) >=
        (set.metadata?.generation ?? 0) &&
      set.spec?.podManagementPolicy !== 'Parallel' &&
      strategy?.type !== 'OnDelete' &&
      !strategy?.rollingUpdate?.partition &&
      pod.metadata?.labels?.['controller-revision-hash'] !== updateRevision &&
      !pod.metadata?.deletionTimestamp &&
      !isReady(pod)
    );
  });
}
