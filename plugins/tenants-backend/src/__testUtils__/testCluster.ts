import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type {
  ClusterRegistry,
  KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { closedPort } from './sockets';
import {
  APPLY_PHASES,
  applyObjects,
  createRenderContext,
  FIELD_MANAGER,
  loadKubernetesClient,
  renderPhase,
  secretObjects,
  TENANT_LABEL,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';

/**
 * The kubeconfig of the local Kubernetes control plane the test command
 * provides (scripts/test.sh starts it and sets TENANTS_TEST_KUBECONFIG).
 * Tests that need it cannot run without it, so its absence is an error.
 */
export function requireTestKubeconfigPath(): string {
  const path = process.env.TENANTS_TEST_KUBECONFIG;
  if (!path) {
    throw new Error(
      'TENANTS_TEST_KUBECONFIG is not set. This test needs the local Kubernetes control plane: ' +
        "start it with 'tools/local-cluster/cluster.sh up' and export TENANTS_TEST_KUBECONFIG=<printed kubeconfig path>.",
    );
  }
  return path;
}

/**
 * Two azure clusters: `azure-local`, the local control plane (westeurope and
 * northeurope), and `azure-down` (northeurope), whose API server is a
 * loopback port nothing listens on.
 */
export async function localAndDownClusters() {
  return [
    {
      name: 'azure-down',
      provider: 'azure',
      regions: ['northeurope'],
      url: `https://127.0.0.1:${await closedPort()}`,
      serviceAccountToken: 'unused',
      skipTLSVerify: true,
    },
    {
      name: 'azure-local',
      provider: 'azure',
      regions: ['westeurope', 'northeurope'],
      kubeconfigPath: requireTestKubeconfigPath(),
    },
  ];
}

/** Names of the namespaces on a cluster that are labelled as a tenant's, sorted. */
export async function tenantNamespaceNames(
  clusters: ClusterRegistry,
  cluster: string,
): Promise<string[]> {
  const k8s = await loadKubernetesClient();
  const kubeConfig = await clusters.kubeConfig(cluster);
  const list = await kubeConfig
    .makeApiClient(k8s.CoreV1Api)
    .listNamespace({ labelSelector: TENANT_LABEL });
  return list.items.map(namespace => namespace.metadata?.name ?? '').sort();
}

/**
 * Applies every phase's objects of a tenant to a cluster, as provisioning
 * does, without waiting for its workloads.
 */
export async function applyTenantObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
): Promise<void> {
  const namespace = tenantNamespaceName(spec.details.slug);
  for (const phase of APPLY_PHASES) {
    await applyObjects(
      kubeConfig,
      phase === 'secrets'
        ? await secretObjects(kubeConfig, spec, namespace)
        : renderPhase(phase, spec, createRenderContext()),
      { fieldManager: FIELD_MANAGER },
    );
  }
}
