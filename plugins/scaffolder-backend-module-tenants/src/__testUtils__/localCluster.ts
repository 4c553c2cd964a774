/*
 * The local test cluster and its DNS server, as scripts/test.sh provides them
 * (scripts/local-clusters.sh up test); an integration test fails at once,
 * saying how to start them, when they are not given.
 */

const HOW_TO_START =
  "start them with 'scripts/local-clusters.sh up test' and export what it prints (scripts/test.sh does)";

function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set. ${what}: ${HOW_TO_START}.`);
  }
  return value;
}

/** The name the tests give the local cluster in `tenants.clusters`. */
export const LOCAL_TEST_CLUSTER = 'local-test';

/** `tenants.clusters` with the one local test cluster. */
export function localTestClusters() {
  return [
    {
      name: LOCAL_TEST_CLUSTER,
      provider: 'azure',
      regions: ['westeurope'],
      kubeconfigPath: requireEnv(
        'TENANTS_TEST_KUBECONFIG',
        'This test needs the local Kubernetes clusters',
      ),
    },
  ];
}

/** The DNS server the local clusters publish tenant names to. */
export function requireTestDnsResolver(): string {
  return requireEnv(
    'TENANTS_TEST_DNS_RESOLVER',
    "Validation asks the local clusters' DNS server",
  );
}

/** A suffix that keeps this run's tenant slugs and namespaces apart from others'. */
export const uniqueSuffix = () =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
