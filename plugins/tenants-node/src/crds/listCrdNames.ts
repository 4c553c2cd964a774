import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';

/**
 * Names (`<plural>.<group>`) of the CustomResourceDefinitions the cluster
 * serves.
 *
 * @public
 */
export async function listCrdNames(kubeConfig: KubeConfig): Promise<string[]> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.ApiextensionsV1Api);
  const list = await api.listCustomResourceDefinition();
  return list.items.map(crd => crd.metadata?.name ?? '').filter(Boolean);
}
