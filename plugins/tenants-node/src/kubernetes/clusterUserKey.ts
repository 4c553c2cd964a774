import type { KubeConfig } from '@kubernetes/client-node';

/**
 * What process-wide caches of a cluster are keyed by: its server and the
 * user, not the KubeConfig (the cluster registry builds a new KubeConfig for
 * every phase). Optional calls: unit tests pass plain objects as KubeConfig.
 */
export function clusterUserKey(kubeConfig: KubeConfig): string {
  return JSON.stringify([
    kubeConfig.getCurrentCluster?.()?.server,
    kubeConfig.getCurrentUser?.()?.name,
  ]);
}
