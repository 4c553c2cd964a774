import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from './loadKubernetesClient';

/** Whether the cluster has a namespace of that name. @public */
export async function namespaceExists(
  kubeConfig: KubeConfig,
  name: string,
): Promise<boolean> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.CoreV1Api);
  try {
    await api.readNamespace({ name });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}
