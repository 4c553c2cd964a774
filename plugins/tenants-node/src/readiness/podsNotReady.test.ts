import type { WorkloadRef } from './expectedWorkloadsOf';
import type { ObservedObjects } from './podRevision';
import { podNotReadyReason, podsNotReady } from './podsNotReady';

const pod = (name: string, app: string, extra: Record<string, any> = {}) => ({
  metadata: { name, labels: { 'app.kubernetes.io/name': app } },
  ...extra,
});

const statefulSet = (name: string, ready: number) => ({
  kind: 'StatefulSet',
  metadata: { name, generation: 1 },
  spec: { replicas: 1 },
  status: {
    observedGeneration: 1,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: ready,
  },
});

describe('podNotReadyReason', () => {
  it('gives the scheduler’s reason for a pod it could not place', () => {
    expect(
      podNotReadyReason(
        pod('postgres-0', 'postgres', {
          status: {
            phase: 'Pending',
            conditions: [
              {
                type: 'PodScheduled',
                status: 'False',
                message:
                  '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
              },
            ],
          },
        }),
      ),
    ).toBe(
      'pod/postgres-0 not scheduled: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    );
    expect(podNotReadyReason(pod('redis-0', 'redis'))).toBe(
      'pod/redis-0 not scheduled yet',
    );
  });

  it('names a waiting container, a running pod that is not ready, or the phase', () => {
    const onNode = { nodeName: 'node-1' };
    expect(
      podNotReadyReason(
        pod('api-1', 'api', {
          spec: onNode,
          status: {
            phase: 'Pending',
            containerStatuses: [
              {
                name: 'api',
                state: { waiting: { reason: 'ContainerCreating' } },
              },
            ],
          },
        }),
      ),
    ).toBe('pod/api-1 on node-1: container api ContainerCreating');
    expect(
      podNotReadyReason(
        pod('api-1', 'api', { spec: onNode, status: { phase: 'Running' } }),
      ),
    ).toBe('pod/api-1 running on node-1, not ready');
    expect(podNotReadyReason(pod('api-1', 'api', { spec: onNode }))).toBe(
      'pod/api-1 Pending on node-1',
    );
  });
});

describe('podsNotReady', () => {
  const expected: WorkloadRef[] = [
    { kind: 'StatefulSet', name: 'postgres' },
    { kind: 'StatefulSet', name: 'redis' },
    { kind: 'StatefulSet', name: 'kafka' },
  ];

  it('lists the unready pods of unready workloads and workloads without pods', () => {
    const observed: ObservedObjects = new Map<string, Map<string, unknown>>([
      [
        'StatefulSet',
        new Map<string, unknown>([
          ['postgres', statefulSet('postgres', 0)],
          ['redis', statefulSet('redis', 1)],
          ['kafka', statefulSet('kafka', 0)],
        ]),
      ],
      [
        'Pod',
        new Map<string, unknown>([
          ['postgres-0', pod('postgres-0', 'postgres')],
          [
            'redis-0',
            pod('redis-0', 'redis', {
              status: { conditions: [{ type: 'Ready', status: 'True' }] },
            }),
          ],
        ]),
      ],
    ]);
    expect(podsNotReady(expected, observed)).toBe(
      'pod/postgres-0 not scheduled yet; statefulset/kafka has no pods',
    );
  });

  it('has nothing to tell when the workloads are ready or not created', () => {
    const observed: ObservedObjects = new Map([
      ['StatefulSet', new Map([['redis', statefulSet('redis', 1)]])],
      ['Pod', new Map()],
    ]);
    expect(podsNotReady(expected, observed)).toBeUndefined();
  });
});
