import {
  loadKubernetesClient,
  SECRET_KEYS_ANNOTATION,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';

export interface SecretEntry {
  secret: string;
  key: string;
  value: string;
  /** Whether the Secret's annotation lists the key among its secret keys. */
  markedSecret: boolean;
}

/** Every `data` entry of every Secret in the namespace, decoded. */
export async function readSecretEntries(
  kubeConfig: Awaited<ReturnType<ClusterRegistry['kubeConfig']>>,
  namespace: string,
): Promise<SecretEntry[]> {
  const { CoreV1Api } = await loadKubernetesClient();
  const list = await kubeConfig
    .makeApiClient(CoreV1Api)
    .listNamespacedSecret({ namespace });
  return list.items.flatMap(secret => {
    const secretKeys = (
      secret.metadata?.annotations?.[SECRET_KEYS_ANNOTATION] ?? ''
    ).split(',');
    return Object.entries(secret.data ?? {}).map(([key, data]) => ({
      secret: secret.metadata?.name ?? '',
      key,
      value: Buffer.from(data, 'base64').toString('utf8'),
      markedSecret: secretKeys.includes(key),
    }));
  });
}
