import type { KubeConfig } from '@kubernetes/client-node';
import { loadTestKubeConfig } from '../__testUtils__/testKubeConfig';
import { loadKubernetesClient } from './loadKubernetesClient';
import { withSharedConnections } from './sharedConnections';

type Pool = { on(event: 'connect', listener: () => void): void };
type Internals = { createDispatcher(cluster: unknown, options: object): Pool };

describe('withSharedConnections against the local cluster', () => {
  it('serves the requests of every view of a cluster over one kept-alive connection', async () => {
    const k8s = await loadKubernetesClient();
    const pools: Pool[] = [];
    let connections = 0;
    const prototype = k8s.KubeConfig.prototype as unknown as Internals;
    const create = prototype.createDispatcher;
    const spy = jest
      .spyOn(prototype, 'createDispatcher')
      .mockImplementation(function record(this: unknown, cluster, options) {
        const pool = create.call(this, cluster, options);
        pool.on('connect', () => connections++);
        pools.push(pool);
        return pool;
      });
    try {
      const views: KubeConfig[] = [
        withSharedConnections(await loadTestKubeConfig()),
        withSharedConnections(await loadTestKubeConfig()),
      ];
      for (let round = 0; round < 3; round++) {
        for (const view of views) {
          const core = view.makeApiClient(k8s.CoreV1Api);
          const namespaces = await core.listNamespace();
          expect(namespaces.items.length).toBeGreaterThan(0);
        }
      }
      expect(pools).toHaveLength(1);
      expect(connections).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps the KubeConfig working as before when the client makes no pools that way', async () => {
    const kubeConfig = await loadTestKubeConfig();
    Object.defineProperty(kubeConfig, 'createDispatcher', { value: undefined });
    expect(withSharedConnections(kubeConfig)).toBe(kubeConfig);
  });
});
