import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';

/**
 * Environment variable naming the kubeconfig of the local test cluster. The
 * README's test command (scripts/test.sh) starts the cluster and sets it.
 */
export const TEST_KUBECONFIG_ENV = 'TENANTS_TEST_KUBECONFIG';

/** Loads the kubeconfig of the local test cluster, or fails saying how to get one. */
export async function loadTestKubeConfig(): Promise<KubeConfig> {
  const path = process.env[TEST_KUBECONFIG_ENV];
  if (!path) {
    throw new Error(
      `${TEST_KUBECONFIG_ENV} is not set. These tests need the local Kubernetes control plane: ` +
        `run them through scripts/test.sh, or start it with 'tools/local-cluster/cluster.sh up' ` +
        `and export ${TEST_KUBECONFIG_ENV}=<printed kubeconfig path>.`,
    );
  }
  const { KubeConfig } = await loadKubernetesClient();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  return kubeConfig;
}

/** A namespace name unique to one test run. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random()
    .toString(36)
    .slice(2, 6)}`;
}
