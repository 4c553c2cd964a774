import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterRegistry,
  loadKubernetesClient,
  teardownTenant,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { teardownSpecFor } from './provisioningValues';

export type KubeConfig = Awaited<ReturnType<ClusterRegistry['kubeConfig']>>;

/** The backend config of a test: one cluster on a local control plane. */
export type LocalClusterConfig = ReturnType<typeof localClusterConfig>;

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

/**
 * The DNS server the local clusters publish tenant names to, which the
 * validation phase asks (scripts/test.sh sets it).
 */
export function requireDnsResolver(): string {
  const resolver = process.env.TENANTS_TEST_DNS_RESOLVER;
  if (!resolver) {
    throw new Error(
      'TENANTS_TEST_DNS_RESOLVER is not set. Validation asks the DNS server of the local clusters: ' +
        "start them with 'scripts/local-clusters.sh up test' and export what it prints (scripts/test.sh does).",
    );
  }
  return resolver;
}

/**
 * The backend config of a test: one cluster, `cluster`, on the local control
 * plane of `kubeconfigPath` (TENANTS_TEST_KUBECONFIG's by default), without
 * scheduled drift checks.
 */
export function localClusterConfig(options: {
  cluster: string;
  readinessTimeoutSeconds: number;
  kubeconfigPath?: string;
}) {
  return {
    tenants: {
      clusters: [
        {
          name: options.cluster,
          provider: 'azure',
          regions: ['westeurope'],
          kubeconfigPath: options.kubeconfigPath ?? requireKubeconfigPath(),
        },
      ],
      provisioning: {
        readinessTimeoutSeconds: options.readinessTimeoutSeconds,
      },
      rollback: { timeoutSeconds: 120 },
      validation: { dnsResolver: requireDnsResolver(), timeoutSeconds: 90 },
      // Scheduled drift checks would notify and publish entities at times no
      // test chooses; the drift tests check on demand.
      drift: { enabled: false },
    },
  };
}

/** The kubeconfig of `cluster` as the Tenant Service resolves it from `config`. */
export function clusterKubeConfig(
  config: LocalClusterConfig,
  cluster: string,
): Promise<KubeConfig> {
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
  config: LocalClusterConfig,
  cluster: string,
): Promise<KubeConfig> {
  const kubeConfig = await clusterKubeConfig(config, cluster);
  const { CoreV1Api } = await loadKubernetesClient();
  try {
    await kubeConfig.makeApiClient(CoreV1Api).listNode({ limit: 1 });
  } catch (error) {
    const { kubeconfigPath } = config.tenants.clusters[0];
    throw new Error(
      `The local Kubernetes control plane of ${kubeconfigPath} does not answer (${
        (error as Error).message
      }). Start it with 'tools/local-cluster/cluster.sh up' (LOCAL_CLUSTER_NAME=tenants-test for the tests).`,
    );
  }
  return kubeConfig;
}

/**
 * Removes from the cluster everything tenants `slugs` can have, whatever was
 * provisioned, talking to the cluster directly: leaves nothing of a test's
 * tenants on the shared local cluster, whatever failed.
 */
export async function tearDownTenants(kubeConfig: KubeConfig, slugs: string[]) {
  for (const slug of slugs) {
    await teardownTenant(kubeConfig, {
      spec: teardownSpecFor(slug),
      timeoutMs: 60_000,
    });
  }
}
