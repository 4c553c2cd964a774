import type { CoreV1Api } from '@kubernetes/client-node';
import {
  podsBlockingStatefulSetRollout,
  type ObservedObjects,
} from './podRevision';

/**
 * Deletes, once each, the pods that hold up a StatefulSet's rollout for good
 * (see {@link podsBlockingStatefulSetRollout}); the StatefulSet recreates them
 * from its current revision. Says what it does through `onInfo`.
 */
export function blockingPodReplacer(
  core: CoreV1Api,
  namespace: string,
  onInfo?: (message: string) => void,
): (observed: ObservedObjects) => void {
  const replaced = new Set<string>();
  return observed => {
    const pods = observed.get('Pod')!.values();
    for (const pod of podsBlockingStatefulSetRollout(pods, observed)) {
      const name: string = pod.metadata?.name ?? '';
      if (replaced.has(pod.metadata?.uid ?? name)) continue;
      replaced.add(pod.metadata?.uid ?? name);
      const owner = pod.metadata?.ownerReferences?.find(
        (r: any) => r.controller,
      );
      onInfo?.(
        `Deleting pod/${name}: it is of an older revision of statefulset/${owner?.name} and not ready, which holds up the rollout; the StatefulSet recreates it from its current revision`,
      );
      core
        .deleteNamespacedPod({ name, namespace })
        .catch((error: { code?: number; message?: string }) => {
          if (error.code !== 404) {
            onInfo?.(`Could not delete pod/${name}: ${error.message}`);
          }
        });
    }
  };
}
