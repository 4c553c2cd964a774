import type { KubernetesObject } from '@kubernetes/client-node';
import { fieldDifferences } from './fieldDifferences';

const deployment = (spec: object, labels = { app: 'api' }) =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels },
    spec,
  } as KubernetesObject);

describe('fieldDifferences', () => {
  const desired = deployment({
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: 'api',
            image: 'registry.local/api:1',
            resources: { limits: { cpu: '1000m', memory: '1Gi' } },
            args: ['--port', '8080'],
          },
        ],
      },
    },
  });

  it('ignores what only the cluster sets: defaults, status, other containers, equal quantities', () => {
    const live = {
      ...deployment(
        {
          replicas: 1,
          revisionHistoryLimit: 10,
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'registry.local/api:1',
                  imagePullPolicy: 'IfNotPresent',
                  resources: { limits: { cpu: '1', memory: '1024Mi' } },
                  args: ['--port', '8080'],
                },
                { name: 'sidecar', image: 'mesh/proxy:2' },
              ],
            },
          },
        },
        { app: 'api', 'pod-template-hash': 'abc' } as { app: string },
      ),
      status: { replicas: 1 },
    } as KubernetesObject;
    expect(fieldDifferences(live, desired)).toEqual([]);
  });

  it('names each field it sets that differs, items of named lists by name', () => {
    const live = deployment(
      {
        replicas: 3,
        template: {
          spec: {
            containers: [
              {
                name: 'api',
                image: 'registry.local/api:2',
                resources: { limits: { cpu: '500m', memory: '1Gi' } },
                args: ['--port'],
              },
            ],
          },
        },
      },
      { app: 'web' },
    );
    expect(fieldDifferences(live, desired)).toEqual([
      { path: 'metadata.labels.app', live: 'web', desired: 'api' },
      { path: 'spec.replicas', live: 3, desired: 1 },
      {
        path: 'spec.template.spec.containers[name=api].image',
        live: 'registry.local/api:2',
        desired: 'registry.local/api:1',
      },
      {
        path: 'spec.template.spec.containers[name=api].resources.limits.cpu',
        live: '500m',
        desired: '1000m',
      },
      {
        path: 'spec.template.spec.containers[name=api].args',
        live: ['--port'],
        desired: ['--port', '8080'],
      },
    ]);
  });

  it('reports a named item that is gone', () => {
    const live = deployment({
      replicas: 1,
      template: { spec: { containers: [] } },
    });
    expect(fieldDifferences(live, desired)).toEqual([
      {
        path: 'spec.template.spec.containers[name=api]',
        live: undefined,
        desired: expect.objectContaining({
          name: 'api',
          image: 'registry.local/api:1',
        }),
      },
    ]);
  });
});
