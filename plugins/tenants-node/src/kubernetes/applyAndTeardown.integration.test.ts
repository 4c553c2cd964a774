import type { KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { applyObjects } from './applyObjects';
import { deleteLabelledObjects } from './deleteLabelledObjects';
import { computeResourceStatus } from './kstatus';
import { loadKubernetesClient } from './loadKubernetesClient';
import { waitForObject } from './waitForObject';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';

jest.setTimeout(120_000);

const fieldManager = 'tenant-platform-test';

describe('applyObjects and deleteLabelledObjects on the local cluster', () => {
  let kubeConfig: KubeConfig;
  let k8s: Awaited<ReturnType<typeof loadKubernetesClient>>;

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
    k8s = await loadKubernetesClient();
  });

  function tenantObjects(namespace: string, tenant: string, greeting: string) {
    const labels = { 'tenants.dev/tenant': tenant };
    return [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace, labels },
        data: { greeting },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api', ...labels } },
            spec: {
              containers: [{ name: 'api', image: 'registry.local/api:1' }],
            },
          },
        },
      },
    ];
  }

  it('reports created, unchanged and configured, and dry runs change nothing', async () => {
    const namespace = uniqueNamespace('apply');
    const tenant = namespace;
    const outcomes = async (greeting: string, dryRun = false) =>
      (
        await applyObjects(
          kubeConfig,
          tenantObjects(namespace, tenant, greeting),
          { fieldManager, dryRun },
        )
      ).map(r => `${r.ref} ${r.outcome}`);
    try {
      expect(await outcomes('hello')).toEqual([
        `namespace/${namespace} created`,
        'configmap/settings created',
        'deployment/api created',
      ]);
      // The deployment controller writes the Deployment until it is rolled
      // out; an apply racing with it would see its resourceVersion move.
      await waitForObject(
        kubeConfig,
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'api' },
        {
          until: obj =>
            !!obj && computeResourceStatus(obj).status === 'Current',
          timeoutMs: 60_000,
        },
      );
      expect(await outcomes('hello')).toEqual([
        `namespace/${namespace} unchanged`,
        'configmap/settings unchanged',
        'deployment/api unchanged',
      ]);
      expect(await outcomes('bonjour', true)).toContain(
        'configmap/settings configured',
      );
      const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
      const afterDryRun: V1ConfigMap = await core.readNamespacedConfigMap({
        name: 'settings',
        namespace,
      });
      expect(afterDryRun.data).toEqual({ greeting: 'hello' });

      expect(await outcomes('bonjour')).toContain(
        'configmap/settings configured',
      );
      const afterApply = await core.readNamespacedConfigMap({
        name: 'settings',
        namespace,
      });
      expect(afterApply.data).toEqual({ greeting: 'bonjour' });
    } finally {
      await deleteLabelledObjects(kubeConfig, {
        labelSelector: `tenants.dev/tenant=${tenant}`,
        kinds: [{ apiVersion: 'v1', kind: 'Namespace' }],
        timeoutMs: 60_000,
      });
    }
  });

  it('names the missing CustomResourceDefinition when a kind is not served', async () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'metrics', namespace: 'default' },
      spec: {},
    };
    await expect(
      applyObjects(kubeConfig, [monitor], { fieldManager }),
    ).rejects.toThrow(
      'servicemonitor/metrics in namespace default: the cluster does not serve ServiceMonitor (monitoring.coreos.com/v1); install the CustomResourceDefinition that provides it',
    );
  });

  it('tears down only labelled objects, newest kind first, and proves nothing remains', async () => {
    const namespace = uniqueNamespace('teardown');
    const tenant = namespace;
    await applyObjects(kubeConfig, tenantObjects(namespace, tenant, 'hi'), {
      fieldManager,
    });
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const bystander = uniqueNamespace('bystander');
    await core.createNamespace({ body: { metadata: { name: bystander } } });
    await core.createNamespacedConfigMap({
      namespace: bystander,
      body: {
        metadata: {
          name: 'unrelated',
          labels: { 'tenants.dev/tenant': 'someone-else' },
        },
      },
    });

    const progress: string[] = [];
    const options = {
      labelSelector: `tenants.dev/tenant=${tenant}`,
      kinds: [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'v1', kind: 'ConfigMap' },
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
        { apiVersion: 'v1', kind: 'Namespace' },
      ],
      timeoutMs: 90_000,
      onProgress: (message: string) => progress.push(message),
    };
    try {
      const first = await deleteLabelledObjects(kubeConfig, options);
      expect(first.remaining).toEqual([]);
      expect(first.deleted).toEqual([
        `deployment/api in ${namespace}`,
        `configmap/settings in ${namespace}`,
        `namespace/${namespace}`,
      ]);
      expect(progress).toContain('deleting 1 deployment(s)');

      const again = await deleteLabelledObjects(kubeConfig, options);
      expect(again).toEqual({ deleted: [], remaining: [] });

      const untouched = await core.readNamespacedConfigMap({
        name: 'unrelated',
        namespace: bystander,
      });
      expect(untouched.metadata?.name).toBe('unrelated');
    } finally {
      await core.deleteNamespace({ name: bystander }).catch(() => undefined);
    }
  });
});
