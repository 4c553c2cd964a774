import { mockServices } from '@backstage/backend-test-utils';
import { ClusterRegistry } from '@internal/backstage-plugin-tenants-node';

/** The kubeconfig of the local Kubernetes control plane the full-stack tests need. */
export function requireKubeconfigPath(): string {
  const kubeconfigPath = process.env.TENANTS_TEST_KUBECONFIG;
  if (!kubeconfigPath) {
    throw new Error(
      'TENANTS_TEST_KUBECONFIG is not set. This test needs the local Kubernetes control plane: ' +
        "start it with 'tools/local-cluster/cluster.sh up' and export TENANTS_TEST_KUBECONFIG=<printed kubeconfig path>.",
    );
  }
  return kubeconfigPath;
}

/** The backend config of a test: one cluster, `cluster`, on the local control plane. */
export function localClusterConfig(options: {
  cluster: string;
  readinessTimeoutSeconds: number;
}) {
  return {
    tenants: {
      clusters: [
        {
          name: options.cluster,
          provider: 'azure',
          regions: ['westeurope'],
          kubeconfigPath: requireKubeconfigPath(),
        },
      ],
      provisioning: {
        readinessTimeoutSeconds: options.readinessTimeoutSeconds,
      },
      rollback: { timeoutSeconds: 120 },
    },
  };
}

/** The kubeconfig of `cluster` as the Tenant Service resolves it from `config`. */
export function clusterKubeConfig(
  config: ReturnType<typeof localClusterConfig>,
  cluster: string,
) {
  return ClusterRegistry.fromConfig(
    mockServices.rootConfig({ data: config }),
  ).kubeConfig(cluster);
}
