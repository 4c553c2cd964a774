import {
  loadKubernetesClient,
  TENANT_LABEL,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { KubeConfig } from './localCluster';

/** The kinds a tenant's phases create in its namespace. */
const KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ResourceQuota'],
  ['v1', 'LimitRange'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['policy/v1', 'PodDisruptionBudget'],
] as const;

/**
 * What a tenant's objects say, `kind/name` → their labels, annotations and
 * content (status and the fields the API server maintains left out), to
 * compare before and after a change with {@link changedBetween}.
 */
export async function snapshotTenantObjects(
  kubeConfig: KubeConfig,
  slug: string,
): Promise<Map<string, string>> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const client = KubernetesObjectApi.makeApiClient(kubeConfig);
  const contents = new Map<string, string>();
  for (const [apiVersion, kind] of KINDS) {
    const list = await client.list(
      apiVersion,
      kind,
      tenantNamespaceName(slug),
      undefined,
      undefined,
      undefined,
      undefined,
      `${TENANT_LABEL}=${slug}`,
    );
    for (const item of list.items as any[]) {
      const { status: _status, metadata, ...content } = item;
      const { 'deployment.kubernetes.io/revision': _revision, ...annotations } =
        metadata.annotations ?? {};
      contents.set(
        `${kind.toLowerCase()}/${metadata.name}`,
        JSON.stringify({ labels: metadata.labels, annotations, content }),
      );
    }
  }
  return contents;
}

/** The `kind/name` of every object that differs between two snapshots, sorted. */
export function changedBetween(
  before: Map<string, string>,
  after: Map<string, string>,
): string[] {
  const refs = new Set([...before.keys(), ...after.keys()]);
  return [...refs].filter(ref => before.get(ref) !== after.get(ref)).sort();
}
