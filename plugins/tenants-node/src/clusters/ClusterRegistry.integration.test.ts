import { ConfigReader } from '@backstage/config';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { loadTestKubeConfig } from '../__testUtils__/testKubeConfig';
import { ClusterRegistry } from './ClusterRegistry';

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
    expect(nodes.items).toHaveLength(3);
  });
});
