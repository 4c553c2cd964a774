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
 * The decoded values of the given Secrets that exist in the namespace.
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
  const secrets = await Promise.all(
    names.map(async name => {
      try {
        const secret = await api.readNamespacedSecret({ name, namespace });
        return [name, decodeSecretData(secret.data)] as const;
      } catch (error) {
        if ((error as { code?: number }).code !== 404) throw error;
        return undefined;
      }
    }),
  );
  const result: Record<string, Record<string, string>> = {};
  for (const secret of secrets) {
    if (secret) result[secret[0]] = secret[1];
  }
  return result;
}
