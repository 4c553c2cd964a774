import {
  formatChecksTable,
  mergeSecretValues,
  missingCrdsMessage,
  workloadProgress,
} from './helpers';
import { readyEndpointsByService } from './validation';

const statefulSet = (name: string, ready: number, replicas = 1) => ({
  kind: 'StatefulSet',
  name,
  object: {
    kind: 'StatefulSet',
    metadata: { name, generation: 1 },
    spec: { replicas },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
    },
  },
});

describe('workloadProgress', () => {
  it('counts ready workloads and names what it waits on', () => {
    const progress = workloadProgress([
      statefulSet('redis', 1),
      statefulSet('postgres', 0),
      { kind: 'Deployment', name: 'api' },
    ]);
    expect(progress).toEqual({
      ready: 1,
      total: 3,
      message:
        '1/3 workloads ready, waiting on statefulset/postgres: 0/1 ready, deployment/api: not created yet',
    });
  });

  it('reports all ready without a waiting list', () => {
    expect(workloadProgress([statefulSet('redis', 1)]).message).toBe(
      '1/1 workloads ready',
    );
  });

  it('reports a workload that failed by kstatus', () => {
    const progress = workloadProgress([
      {
        kind: 'Deployment',
        name: 'api',
        object: {
          kind: 'Deployment',
          metadata: { name: 'api', generation: 1 },
          spec: { replicas: 1 },
          status: {
            observedGeneration: 1,
            conditions: [
              {
                type: 'Progressing',
                status: 'False',
                reason: 'ProgressDeadlineExceeded',
                message: 'timed out',
              },
            ],
          },
        },
      },
    ]);
    expect(progress.failure).toBe(
      'deployment/api: Progress deadline exceeded: timed out',
    );
  });
});

describe('missingCrdsMessage', () => {
  it('names every missing required CRD of the phase', () => {
    expect(
      missingCrdsMessage('ingress', ['certificates.cert-manager.io']),
    ).toBe(
      'Phase ingress needs the CustomResourceDefinition dnsendpoints.externaldns.k8s.io, which the cluster does not serve; install it on the cluster and retry',
    );
    expect(missingCrdsMessage('ingress', [])).toContain(
      'CustomResourceDefinitions certificates.cert-manager.io, dnsendpoints.externaldns.k8s.io',
    );
  });

  it('accepts phases whose CRDs are there or that need none', () => {
    expect(
      missingCrdsMessage('ingress', [
        'certificates.cert-manager.io',
        'dnsendpoints.externaldns.k8s.io',
      ]),
    ).toBeUndefined();
    expect(missingCrdsMessage('observability', [])).toBeUndefined();
  });
});

describe('mergeSecretValues', () => {
  const requirements = [
    { name: 'postgres-credentials', keys: ['password'] },
    { name: 'api-keys', keys: ['admin-api-key', 'service-token'] },
    {
      name: 'datasource-warehouse',
      keys: ['password'],
      userProvided: { password: 'warehousePassword' },
    },
  ];
  let counter = 0;
  const generate = () => `generated-${++counter}`;

  it('keeps existing values and generates only missing keys', () => {
    const values = mergeSecretValues(
      requirements,
      {
        'postgres-credentials': { password: 'kept', username: 'tenant' },
        'api-keys': { 'admin-api-key': 'kept-key' },
      },
      { warehousePassword: 'from-user' },
      generate,
    );
    expect(values).toEqual({
      'postgres-credentials': { password: 'kept' },
      'api-keys': {
        'admin-api-key': 'kept-key',
        'service-token': 'generated-1',
      },
      'datasource-warehouse': { password: 'from-user' },
    });
  });

  it('generates distinct random values by default', () => {
    const a = mergeSecretValues(requirements.slice(0, 2), {}, {});
    const b = mergeSecretValues(requirements.slice(0, 2), {}, {});
    expect(a['postgres-credentials'].password).toHaveLength(43);
    expect(a['postgres-credentials'].password).not.toBe(
      b['postgres-credentials'].password,
    );
  });

  it('fails naming the missing scaffolder secret, unless the cluster has the value', () => {
    expect(() => mergeSecretValues(requirements, {}, {}, generate)).toThrow(
      "Secret datasource-warehouse needs key 'password' from the scaffolder secret 'warehousePassword', which was not provided",
    );
    expect(
      mergeSecretValues(
        requirements,
        { 'datasource-warehouse': { password: 'on-cluster' } },
        {},
        generate,
      )['datasource-warehouse'],
    ).toEqual({ password: 'on-cluster' });
  });
});

describe('formatChecksTable', () => {
  it('aligns check, result and detail', () => {
    expect(
      formatChecksTable([
        { check: 'deployment/api', ok: true, detail: 'Current: 1/1 ready' },
        { check: 'service/api endpoints', ok: false, detail: 'none' },
      ]),
    ).toEqual([
      'check                 | result | detail',
      'deployment/api        | pass   | Current: 1/1 ready',
      'service/api endpoints | FAIL   | none',
    ]);
  });
});

describe('readyEndpointsByService', () => {
  it('counts ready endpoints per service across slices', () => {
    const slice = (service: string, ready: boolean[]) => ({
      metadata: { labels: { 'kubernetes.io/service-name': service } },
      endpoints: ready.map(r => ({ conditions: { ready: r } })),
    });
    const counts = readyEndpointsByService([
      slice('api', [true, false]),
      slice('api', [true]),
      slice('db', [false]),
    ]);
    expect(counts.get('api')).toBe(2);
    expect(counts.get('db')).toBe(0);
  });
});
