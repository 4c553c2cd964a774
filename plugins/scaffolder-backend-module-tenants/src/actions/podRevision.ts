const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

type Observed = ReadonlyMap<string, ReadonlyMap<string, any>>;

const controllerOf = (obj: any) =>
  (obj?.metadata?.ownerReferences ?? []).find((r: any) => r.controller);

/**
 * Whether a pod belongs to its workload's current revision, so that its
 * failure is the workload's failure. During a rollout the previous
 * revision's pods keep running (and may keep crashing) until the new ones are
 * ready; judging them would fail a rollout that is repairing exactly that.
 * `observed` holds the Deployments, ReplicaSets and StatefulSets by kind and
 * name. Pods whose revision cannot be told yet (the controller has not seen
 * the latest spec) are not current.
 */
export function isCurrentRevisionPod(pod: any, observed: Observed): boolean {
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
