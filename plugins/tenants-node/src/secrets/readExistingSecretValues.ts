import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import type { SecretValues } from '../render/secrets';

/** Decodes a Secret's base64 `data` into plain values. @public */
export function decodeSecretData(
  data: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}

/**
 * The decoded values of the given Secrets that exist in the namespace, read
 * with one list of the namespace's Secrets (none while the namespace does
 * not exist).
 *
 * @public
 */
export async function readExistingSecretValues(
  kubeConfig: KubeConfig,
  namespace: string,
  names: string[],
): Promise<SecretValues> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const wanted = new Set(names);
  const list = await api.listNamespacedSecret({ namespace });
  const result: Record<string, Record<string, string>> = {};
  for (const secret of list.items) {
    const name = secret.metadata?.name ?? '';
    if (wanted.has(name)) result[name] = decodeSecretData(secret.data);
  }
  return result;
}
