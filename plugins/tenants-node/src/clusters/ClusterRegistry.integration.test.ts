import * as net from 'node:net';
import { ConfigReader } from '@backstage/config';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { loadTestKubeConfig } from '../__testUtils__/testKubeConfig';
import { ClusterRegistry } from './ClusterRegistry';
import { measureApiRoundTrip } from './measureApiRoundTrip';

jest.setTimeout(60_000);

describe('ClusterRegistry against the local cluster', () => {
  it('connects through a configured kubeconfig file', async () => {
    await loadTestKubeConfig(); // fails with instructions when the cluster is not provided
    const registry = ClusterRegistry.fromConfig(
      new ConfigReader({
        tenants: {
          clusters: [
            {
              name: 'local',
              provider: 'azure',
              regions: ['local'],
              kubeconfigPath: process.env.TENANTS_TEST_KUBECONFIG,
            },
          ],
        },
      }),
    );
    const k8s = await loadKubernetesClient();
    const core = (await registry.kubeConfig('local')).makeApiClient(
      k8s.CoreV1Api,
    );
    const nodes = await core.listNode({
      labelSelector: 'tenants.dev/pool=general',
    });
    expect(nodes.items).toHaveLength(6);
  });

  describe('"Nearest" by measured round trip', () => {
    // A TCP server that accepts connections and never answers: a cluster that hangs.
    let silent: net.Server;
    const sockets = new Set<net.Socket>();
    let silentPort: number;

    beforeAll(async () => {
      silent = net.createServer(socket => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>(resolve =>
        silent.listen(0, '127.0.0.1', resolve),
      );
      silentPort = (silent.address() as net.AddressInfo).port;
    });

    afterAll(async () => {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => silent.close(resolve));
    });

    it('times GET /version on the real API server', async () => {
      const kubeConfig = await loadTestKubeConfig();
      const ms = await measureApiRoundTrip(kubeConfig);
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThan(2000);
    });

    it('skips clusters that refuse or never answer and picks the real one', async () => {
      const closedPort = await new Promise<number>(resolve => {
        const probe = net.createServer();
        probe.listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as net.AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const registry = ClusterRegistry.fromConfig(
        new ConfigReader({
          tenants: {
            placement: { roundTripTimeoutMs: 1500, cacheSeconds: 30 },
            clusters: [
              {
                name: 'refusing',
                provider: 'azure',
                regions: ['northeurope'],
                url: `https://127.0.0.1:${closedPort}`,
                serviceAccountToken: 'x',
                skipTLSVerify: true,
              },
              {
                name: 'hanging',
                provider: 'azure',
                regions: ['eastus'],
                url: `https://127.0.0.1:${silentPort}`,
                serviceAccountToken: 'x',
                skipTLSVerify: true,
              },
              {
                name: 'local',
                provider: 'azure',
                regions: ['westeurope'],
                kubeconfigPath: process.env.TENANTS_TEST_KUBECONFIG,
              },
            ],
          },
        }),
      );
      const started = Date.now();
      const placement = await registry.placement('azure');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(placement.nearest).toMatchObject({
        cluster: { name: 'local' },
        region: 'westeurope',
        basis: 'round-trip',
        roundTripMs: expect.any(Number),
      });
      await expect(registry.resolve('azure', 'nearest')).resolves.toMatchObject(
        { cluster: { name: 'local' }, region: 'westeurope' },
      );
    });
  });
});
