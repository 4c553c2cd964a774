import type { KubeConfig } from '@kubernetes/client-node';
import { applyObjects } from './applyObjects';
import { deleteLabelledObjects } from './deleteLabelledObjects';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';

jest.setTimeout(120_000);

const fieldManager = 'tenant-platform-test';

describe('applyObjects on the local cluster', () => {
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
  });

  it('judges each object by its state right before its own apply, also when it comes twice in one call', async () => {
    const namespace = uniqueNamespace('apply-twice');
    const labels = { 'tenants.dev/tenant': namespace };
    const configMap = (greeting: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace, labels },
      data: { greeting },
    });
    const applied: string[] = [];
    try {
      const results = await applyObjects(
        kubeConfig,
        [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace, labels },
          },
          configMap('hello'),
          configMap('bonjour'),
          configMap('bonjour'),
          configMap('hallo'),
        ],
        { fieldManager, onApplied: a => applied.push(`${a.ref} ${a.outcome}`) },
      );
      const expected = [
        `namespace/${namespace} created`,
        'configmap/settings created',
        'configmap/settings configured',
        'configmap/settings unchanged',
        'configmap/settings configured',
      ];
      expect(applied).toEqual(expected);
      expect(results.map(r => `${r.ref} ${r.outcome}`)).toEqual(expected);
      expect(results[4].object).toMatchObject({ data: { greeting: 'hallo' } });
    } finally {
      await deleteLabelledObjects(kubeConfig, {
        labelSelector: `tenants.dev/tenant=${namespace}`,
        kinds: [{ apiVersion: 'v1', kind: 'Namespace' }],
        timeoutMs: 60_000,
      });
    }
  });

  it('applies the namespace before what lives in it and reports in the given order', async () => {
    const namespace = uniqueNamespace('apply-waves');
    const labels = { 'tenants.dev/tenant': namespace };
    const applied: string[] = [];
    try {
      // Given workload first: applied in the given order, it would land in a
      // namespace that does not exist yet.
      const objects = [
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
                serviceAccountName: 'api',
                containers: [{ name: 'api', image: 'registry.local/api:1' }],
              },
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'api', namespace, labels },
          spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
        },
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'api', namespace, labels },
        },
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace, labels },
        },
      ];
      const results = await applyObjects(kubeConfig, objects, {
        fieldManager,
        onApplied: a => applied.push(`${a.ref} ${a.outcome}`),
      });
      const expected = [
        'deployment/api created',
        'service/api created',
        'serviceaccount/api created',
        `namespace/${namespace} created`,
      ];
      expect(applied).toEqual(expected);
      expect(results.map(r => `${r.ref} ${r.outcome}`)).toEqual(expected);
    } finally {
      await deleteLabelledObjects(kubeConfig, {
        labelSelector: `tenants.dev/tenant=${namespace}`,
        kinds: [{ apiVersion: 'v1', kind: 'Namespace' }],
        timeoutMs: 60_000,
      });
    }
  });

  it('stops at the first object the API server refuses, after applying those before it', async () => {
    const namespace = uniqueNamespace('apply-stop');
    const labels = { 'tenants.dev/tenant': namespace };
    const applied: string[] = [];
    try {
      await expect(
        applyObjects(
          kubeConfig,
          [
            {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: namespace, labels },
            },
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'Not_A_Valid_Name', namespace, labels },
            },
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'after', namespace, labels },
            },
          ],
          { fieldManager, onApplied: a => applied.push(a.ref) },
        ),
      ).rejects.toThrow(/configmap\/Not_A_Valid_Name in namespace/);
      expect(applied).toEqual([`namespace/${namespace}`]);
    } finally {
      await deleteLabelledObjects(kubeConfig, {
        labelSelector: `tenants.dev/tenant=${namespace}`,
        kinds: [{ apiVersion: 'v1', kind: 'Namespace' }],
        timeoutMs: 60_000,
      });
    }
  });
});
