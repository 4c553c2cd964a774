import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '../kubernetes/applyObjects';
import { deleteLabelledObjects } from '../kubernetes/deleteLabelledObjects';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { waitForObjects } from '../kubernetes/waitForObjects';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';
import { pruneObjects } from './pruneObjects';
import { prepareStatefulSetStorage } from './statefulSetStorage';

jest.setTimeout(120_000);

const fieldManager = 'tenant-platform-test';

describe('change helpers on the local cluster', () => {
  let kubeConfig: KubeConfig;
  let namespace: string;
  let labels: Record<string, string>;

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
  });

  beforeEach(async () => {
    namespace = uniqueNamespace('change');
    labels = { 'tenants.dev/tenant': namespace, 'tenants.dev/phase': 'p' };
    await applyObjects(
      kubeConfig,
      [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels },
        },
      ],
      { fieldManager },
    );
  });

  afterEach(async () => {
    await deleteLabelledObjects(kubeConfig, {
      labelSelector: `tenants.dev/tenant=${namespace}`,
      kinds: [
        { apiVersion: 'apps/v1', kind: 'StatefulSet' },
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
        { apiVersion: 'v1', kind: 'Namespace' },
      ],
      timeoutMs: 60_000,
    });
  });

  const statefulSet = (storage: string, cpu: string): KubernetesObject =>
    ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace, labels },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db', ...labels } },
          spec: {
            containers: [
              { name: 'db', image: 'db', resources: { requests: { cpu } } },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage } },
            },
          },
        ],
      },
    } as KubernetesObject);

  async function readyPod() {
    const [pod] = await waitForObjects<any>(
      kubeConfig,
      { apiVersion: 'v1', kind: 'Pod', namespace },
      {
        until: pods =>
          pods.length === 1 &&
          pods[0].status?.conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        timeoutMs: 60_000,
      },
    );
    return pod;
  }

  it('expands the claims of a StatefulSet and re-creates it, keeping its pods', async () => {
    await applyObjects(kubeConfig, [statefulSet('1Gi', '100m')], {
      fieldManager,
    });
    const pod = await readyPod();

    // Server-side apply alone is refused: the claim templates are immutable.
    await expect(
      applyObjects(kubeConfig, [statefulSet('2Gi', '100m')], { fieldManager }),
    ).rejects.toThrow(/forbidden/i);

    const progress: string[] = [];
    const result = await prepareStatefulSetStorage(
      kubeConfig,
      [statefulSet('2Gi', '100m')],
      { fieldManager, timeoutMs: 60_000, onProgress: m => progress.push(m) },
    );
    expect(result).toEqual({
      recreated: ['statefulset/db'],
      expanded: ['persistentvolumeclaim/data-db-0: 1Gi → 2Gi'],
      kept: [],
    });
    expect(progress[0]).toBe(
      'statefulset/db: volume claim templates change (data storage 1Gi → 2Gi); they are immutable, so its volumes are expanded and it is re-created',
    );
    await applyObjects(kubeConfig, [statefulSet('2Gi', '100m')], {
      fieldManager,
    });

    const { KubernetesObjectApi } = await loadKubernetesClient();
    const api = KubernetesObjectApi.makeApiClient(kubeConfig);
    const claim: any = await api.read({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-db-0', namespace },
    });
    expect(claim.spec.resources.requests.storage).toBe('2Gi');
    const live: any = await api.read({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace },
    });
    expect(live.spec.volumeClaimTemplates[0].spec.resources.requests).toEqual({
      storage: '2Gi',
    });
    // The same pod, adopted by the new StatefulSet: nothing restarted.
    const adopted = await readyPod();
    expect(adopted.metadata.uid).toBe(pod.metadata.uid);

    // A smaller template (a tier downgrade) never shrinks the volume.
    const shrink = await prepareStatefulSetStorage(
      kubeConfig,
      [statefulSet('1Gi', '100m')],
      { fieldManager, timeoutMs: 60_000 },
    );
    expect(shrink).toEqual({
      recreated: ['statefulset/db'],
      expanded: [],
      kept: ['persistentvolumeclaim/data-db-0: 2Gi'],
    });
    await applyObjects(kubeConfig, [statefulSet('1Gi', '100m')], {
      fieldManager,
    });

    // Unchanged templates: nothing to do.
    await expect(
      prepareStatefulSetStorage(kubeConfig, [statefulSet('1Gi', '200m')], {
        fieldManager,
        timeoutMs: 60_000,
      }),
    ).resolves.toEqual({ recreated: [], expanded: [], kept: [] });
  });

  it('prunes only labelled objects that are no longer rendered', async () => {
    const configMap = (name: string, extraLabels = labels) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, labels: extraLabels },
      data: {},
    });
    await applyObjects(
      kubeConfig,
      [
        configMap('kept'),
        configMap('gone'),
        configMap('foreign', { 'tenants.dev/tenant': namespace }),
      ],
      { fieldManager },
    );
    const progress: string[] = [];
    const pruned = await pruneObjects(kubeConfig, {
      labelSelector: `tenants.dev/phase=p,tenants.dev/tenant=${namespace}`,
      namespace,
      keep: [configMap('kept')],
      kinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
      timeoutMs: 30_000,
      onProgress: m => progress.push(m),
    });
    expect(pruned).toEqual(['configmap/gone']);
    expect(progress).toEqual([
      `configmap/gone in ${namespace} deleted (no longer rendered)`,
    ]);
    const { KubernetesObjectApi } = await loadKubernetesClient();
    const api = KubernetesObjectApi.makeApiClient(kubeConfig);
    const names = (await api.list('v1', 'ConfigMap', namespace)).items.map(
      i => i.metadata?.name,
    );
    expect(names).toEqual(expect.arrayContaining(['kept', 'foreign']));
    expect(names).not.toContain('gone');
  });
});
