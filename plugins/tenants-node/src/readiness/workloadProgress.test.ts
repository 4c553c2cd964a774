import { workloadProgress } from './workloadProgress';

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

  it('does not judge a workload shown from before the last apply', () => {
    const failedBefore = statefulSet('redis', 0);
    (failedBefore.object.status as any).conditions = [
      { type: 'Stalled', status: 'True', message: 'old spec' },
    ];
    const progress = workloadProgress([{ ...failedBefore, stale: true }]);
    expect(progress).toEqual({
      ready: 0,
      total: 1,
      message:
        '0/1 workloads ready, waiting on statefulset/redis: applied change not observed yet',
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
