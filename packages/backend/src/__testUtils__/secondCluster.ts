import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadKubernetesClient } from '@tenant-platform/backstage-plugin-tenants-node';
import type { KubeConfig } from './localCluster';

/** The second local test cluster (scripts/test.sh: tenants-test-aws). */
export function requireSecondKubeconfigPath(): string {
  const kubeconfigPath = process.env.TENANTS_TEST_AWS_KUBECONFIG;
  if (!kubeconfigPath) {
    throw new Error(
      'TENANTS_TEST_AWS_KUBECONFIG is not set. This test needs both local test clusters: ' +
        "start them with 'scripts/local-clusters.sh up test' and export what it prints (scripts/test.sh does).",
    );
  }
  return kubeconfigPath;
}

/** The cluster name tools/local-cluster gave a kubeconfig (`…/clusters/<name>/kubeconfig.yaml`). */
export const localClusterNameOf = (kubeconfigPath: string) =>
  path.basename(path.dirname(kubeconfigPath));

/**
 * A TCP proxy on loopback in front of a cluster's API server that holds every
 * chunk it forwards for `delayMs`: a cluster farther away. Resolves a
 * kubeconfig file that reaches the cluster through it (the API server's
 * certificate is for 127.0.0.1, so TLS still verifies).
 */
export async function slowRoute(
  kubeconfigPath: string,
  delayMs: number,
): Promise<{ kubeconfigPath: string; close(): Promise<void> }> {
  const { KubeConfig: KubeConfigClass } = await loadKubernetesClient();
  const original = new KubeConfigClass();
  original.loadFromFile(kubeconfigPath);
  const upstream = new URL(original.getCurrentCluster()!.server);
  const sockets = new Set<net.Socket>();
  const delayed = (from: net.Socket, to: net.Socket) => {
    from.on('data', chunk => setTimeout(() => to.write(chunk), delayMs));
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server = net.createServer(client => {
    const api = net.connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, api]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    delayed(client, api);
    delayed(api, client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const slow = new KubeConfigClass();
  slow.loadFromOptions({
    clusters: original.clusters.map(c => ({
      ...c,
      server: `https://127.0.0.1:${port}`,
    })),
    users: original.users,
    contexts: original.contexts,
    currentContext: original.currentContext,
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'slow-route-')),
    'kubeconfig.yaml',
  );
  fs.writeFileSync(file, slow.exportConfig(), { mode: 0o600 });
  return {
    kubeconfigPath: file,
    close: async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

/**
 * How the Kubernetes plugin reaches a local cluster: its API server URL and
 * CA, and a token of a service account allowed to read everything (created
 * on the cluster, as an adopter's read-only account would be).
 */
export async function kubernetesPluginCluster(
  name: string,
  kubeConfig: KubeConfig,
) {
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const rbac = kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api);
  const account = { name: 'backstage-kubernetes-reader', namespace: 'default' };
  await core
    .createNamespacedServiceAccount({
      namespace: account.namespace,
      body: { metadata: { name: account.name } },
    })
    .catch(ignoreConflict);
  await rbac
    .createClusterRoleBinding({
      body: {
        metadata: { name: account.name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'view',
        },
        subjects: [{ kind: 'ServiceAccount', ...account }],
      },
    })
    .catch(ignoreConflict);
  const token = await core.createNamespacedServiceAccountToken({
    ...account,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = kubeConfig.getCurrentCluster()!;
  const caData =
    cluster.caData ??
    (cluster.caFile
      ? fs.readFileSync(cluster.caFile).toString('base64')
      : undefined);
  return {
    name,
    url: cluster.server,
    authProvider: 'serviceAccount',
    serviceAccountToken: token.status?.token,
    caData,
  };
}

function ignoreConflict(error: unknown) {
  if ((error as { code?: number }).code !== 409) throw error;
}
