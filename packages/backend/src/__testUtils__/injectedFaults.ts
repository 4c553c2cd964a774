import {
  applyObjects,
  loadKubernetesClient,
  type InjectedFault,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { KubeConfig } from './localCluster';

/*
 * Faults injected through the cluster's fault ConfigMap, which the phase
 * actions read at every run when `tenants.provisioning.faultInjection` is
 * enabled (tools/local-cluster/README.md). The ConfigMap is shared by every
 * user of the cluster (the end-to-end tests too), so each tenant's entries
 * are applied with server-side apply under a field manager of their own:
 * setting or clearing one tenant's faults never touches anybody else's keys.
 */

/** The fault ConfigMap the phase actions read by default. */
export const FAULTS_NAMESPACE = 'tenant-platform-faults';
export const FAULTS_CONFIG_MAP = 'injected-faults';

/** `config` with fault injection from the cluster's ConfigMap enabled. */
export function withFaultInjection<
  T extends { tenants: { provisioning: object } },
>(config: T): T {
  return {
    ...config,
    tenants: {
      ...config.tenants,
      provisioning: {
        ...config.tenants.provisioning,
        faultInjection: { enabled: true },
      },
    },
  };
}

/**
 * Sets the faults of tenant `slug` (`{ postgres: 'never-ready' }`) as
 * `<slug>.<workload>` entries owned by `fieldManager`; `{}` clears them.
 * Other entries of the ConfigMap are left as they are.
 */
export async function setTenantFaults(
  kubeConfig: KubeConfig,
  options: {
    fieldManager: string;
    slug: string;
    faults: Record<string, InjectedFault>;
  },
): Promise<void> {
  const data = Object.fromEntries(
    Object.entries(options.faults).map(([workload, fault]) => [
      `${options.slug}.${workload}`,
      fault,
    ]),
  );
  await applyObjects(
    kubeConfig,
    [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: FAULTS_NAMESPACE },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: FAULTS_CONFIG_MAP, namespace: FAULTS_NAMESPACE },
        // Without `data` the field manager lets go of (and so removes) its keys.
        ...(Object.keys(data).length ? { data } : {}),
      } as any,
    ],
    { fieldManager: options.fieldManager },
  );
}

/** The fault ConfigMap's entries for tenant `slug`, as the cluster has them now. */
export async function tenantFaultEntries(
  kubeConfig: KubeConfig,
  slug: string,
): Promise<Record<string, string>> {
  const { CoreV1Api } = await loadKubernetesClient();
  const configMap = await kubeConfig
    .makeApiClient(CoreV1Api)
    .readNamespacedConfigMap({
      name: FAULTS_CONFIG_MAP,
      namespace: FAULTS_NAMESPACE,
    });
  return Object.fromEntries(
    Object.entries(configMap.data ?? {}).filter(([key]) =>
      key.startsWith(`${slug}.`),
    ),
  );
}
