import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterRegistry,
  loadKubernetesClient,
} from '@internal/backstage-plugin-tenants-node';

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

/**
 * The kubeconfig of `cluster`, once its API answers; fails with how to start
 * the local control plane when it does not (rather than with the first
 * connection error deep inside a test).
 */
export async function requireLocalCluster(
  config: ReturnType<typeof localClusterConfig>,
  cluster: string,
) {
  const kubeConfig = await clusterKubeConfig(config, cluster);
  const { CoreV1Api } = await loadKubernetesClient();
  try {
    await kubeConfig.makeApiClient(CoreV1Api).listNode({ limit: 1 });
  } catch (error) {
    throw new Error(
      `The local Kubernetes control plane of ${requireKubeconfigPath()} does not answer (${
        (error as Error).message
      }). Start it with 'tools/local-cluster/cluster.sh up' (LOCAL_CLUSTER_NAME=tenants-test for the tests).`,
    );
  }
  return kubeConfig;
}
