import type { KubeConfig } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';

/** The KubeConfig method that makes the connection pool (an undici dispatcher) of a request. */
type CreateDispatcher = (cluster: unknown, agentOptions: object) => unknown;

type WithCreateDispatcher = { createDispatcher?: CreateDispatcher };

// One pool per cluster and TLS identity (server, proxy, CA, client
// certificate and key, verification), for the life of the process.
const pools = new Map<string, unknown>();

function poolKey(cluster: unknown, agentOptions: object): string {
  const { server, proxyUrl } = (cluster ?? {}) as {
    server?: string;
    proxyUrl?: string;
  };
  // Hashed: the options hold the client key.
  return createHash('sha256')
    .update(JSON.stringify([server, proxyUrl, agentOptions]))
    .digest('hex');
}

/**
 * A view of the KubeConfig whose requests share keep-alive connections with
 * those of every other view of the same cluster and TLS identity in this
 * process. `@kubernetes/client-node` 2.0.1 makes a new connection pool for
 * every request, so each request (every read, list and watch) would open its
 * own TCP connection and TLS handshake, which cost the backend more CPU than
 * the requests themselves. Credentials sent as headers (tokens, also from exec
 * plugins) are still applied per request; a client certificate that changes
 * gets a pool of its own. Falls back to the KubeConfig itself if the client
 * no longer makes its pools through `createDispatcher`.
 */
export function withSharedConnections(kubeConfig: KubeConfig): KubeConfig {
  const create = (kubeConfig as unknown as WithCreateDispatcher)
    .createDispatcher;
  if (typeof create !== 'function') return kubeConfig;
  const view: KubeConfig = Object.create(kubeConfig);
  (view as unknown as WithCreateDispatcher).createDispatcher = (
    cluster,
    agentOptions,
  ) => {
    const key = poolKey(cluster, agentOptions);
    if (!pools.has(key)) {
      pools.set(key, create.call(kubeConfig, cluster, agentOptions));
    }
    return pools.get(key);
  };
  return view;
}
