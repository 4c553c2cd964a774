import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * Times one authenticated `GET /version` to the API server of the kubeconfig's
 * current cluster, from sending the request (on a new connection, so TCP and
 * TLS set-up count) to the end of the answer, in milliseconds. Rejects when
 * the server cannot be reached or answers other than 2xx (e.g. 401: our
 * credentials do not work there, so the cluster is no use either).
 *
 * @public
 */
export async function measureApiRoundTrip(
  kubeConfig: KubeConfig,
  signal?: AbortSignal,
): Promise<number> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) {
    throw new Error('The kubeconfig has no current cluster');
  }
  const url = new URL('/version', server);
  const options: https.RequestOptions = {
    method: 'GET',
    headers: { Accept: 'application/json', Connection: 'close' },
    signal,
  };
  await kubeConfig.applyToHTTPSOptions(options);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const request = transport.request(url, options, response => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolve(performance.now() - started);
        } else {
          reject(new Error(`GET ${url.href} answered HTTP ${status}`));
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
