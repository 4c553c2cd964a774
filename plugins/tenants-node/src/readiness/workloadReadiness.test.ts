import {
  observesLatestApply,
  readyWorkloads,
  workloadReadiness,
} from './workloadReadiness';

/** A Deployment whose controller observed its spec and runs one ReplicaSet. */
const deployment = (generation: number) => ({
  kind: 'Deployment',
  metadata: {
    name: 'api',
    generation,
    annotations: { 'deployment.kubernetes.io/revision': String(generation) },
  },
  spec: { replicas: 1 },
  status: {
    observedGeneration: generation,
    replicas: 1,
    updatedReplicas: 1,
    availableReplicas: 0,
    readyReplicas: 0,
  },
});

const crashingPodOf = (replicaSet: string) => ({
  kind: 'Pod',
  metadata: {
    name: `${replicaSet}-x`,
    labels: { 'app.kubernetes.io/name': 'api' },
    ownerReferences: [
      { kind: 'ReplicaSet', name: replicaSet, controller: true },
    ],
  },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'api',
        ready: false,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'boom' } },
      },
    ],
  },
});

/** What a watch shows before it delivers the Deployment's new spec. */
const observedBeforeTheNewSpec = () =>
  new Map<string, Map<string, any>>([
    ['Deployment', new Map([['api', deployment(1)]])],
    [
      'ReplicaSet',
      new Map([
        [
          'api-1',
          {
            metadata: {
              name: 'api-1',
              annotations: { 'deployment.kubernetes.io/revision': '1' },
              ownerReferences: [
                { kind: 'Deployment', name: 'api', controller: true },
              ],
            },
          },
        ],
      ]),
    ],
    ['Pod', new Map([['api-1-x', crashingPodOf('api-1')]])],
  ]);

describe('workloadReadiness', () => {
  it("fails on a crashing pod of the workload's current revision", () => {
    const progress = workloadReadiness(
      [{ kind: 'Deployment', name: 'api', generation: 1 }],
      observedBeforeTheNewSpec(),
    );
    expect(progress.failure).toContain('deployment/api (pod/api-1-x)');
  });

  it('judges neither the workload nor its pods until the watch shows the generation the apply answered', () => {
    const expected = [
      { kind: 'Deployment' as const, name: 'api', generation: 2 },
    ];
    const observed = observedBeforeTheNewSpec();
    expect(observesLatestApply(expected, observed)).toBe(false);
    expect(workloadReadiness(expected, observed)).toEqual({
      ready: 0,
      total: 1,
      message:
        '0/1 workloads ready, waiting on deployment/api: applied change not observed yet',
    });
  });

  it('does not judge an object of the same name that was deleted since', () => {
    const expected = [
      { kind: 'Deployment' as const, name: 'api', uid: 'new', generation: 1 },
    ];
    expect(observesLatestApply(expected, observedBeforeTheNewSpec())).toBe(
      false,
    );
  });
});

describe('workloadReadiness of Jobs', () => {
  const job = (uid: string, conditions: object[] = []) => ({
    kind: 'Job',
    metadata: { name: 'setup-1a2b', uid, generation: 1 },
    status: { conditions },
  });
  const failedPodOf = (jobUid: string, name: string, created: string) => ({
    kind: 'Pod',
    metadata: {
      name,
      creationTimestamp: created,
      labels: { 'app.kubernetes.io/name': 'data-setup-postgres' },
      ownerReferences: [
        { kind: 'Job', name: 'setup-1a2b', uid: jobUid, controller: true },
      ],
    },
    status: {
      phase: 'Failed',
      containerStatuses: [
        {
          name: 'data-setup',
          state: {
            terminated: { exitCode: 1, reason: 'Error', message: name },
          },
        },
      ],
    },
  });
  const observed = (jobObject: object, pods: any[]) =>
    new Map<string, Map<string, any>>([
      ['Job', new Map([['setup-1a2b', jobObject]])],
      ['Pod', new Map(pods.map(p => [p.metadata.name, p]))],
    ]);
  const expected = [
    { kind: 'Job' as const, name: 'setup-1a2b', uid: 'j2', generation: 1 },
  ];

  it('leaves a failed pod to its Job while the Job retries', () => {
    const progress = workloadReadiness(
      expected,
      observed(job('j2'), [
        failedPodOf('j2', 'setup-1a2b-a', '2026-01-01T00:00:01Z'),
      ]),
    );
    expect(progress.failure).toBeUndefined();
    expect(progress.message).toBe(
      '0/1 workloads ready, waiting on job/setup-1a2b: job running',
    );
  });

  it('fails a failed Job with the reason of its last failed pod', () => {
    const progress = workloadReadiness(
      expected,
      observed(
        job('j2', [
          {
            type: 'Failed',
            status: 'True',
            message: 'Job has reached the specified backoff limit',
          },
        ]),
        [
          failedPodOf('j2', 'setup-1a2b-b', '2026-01-01T00:00:12Z'),
          failedPodOf('j2', 'setup-1a2b-a', '2026-01-01T00:00:01Z'),
          // A pod of the Job of the same name deleted before.
          failedPodOf('j1', 'setup-1a2b-z', '2026-01-01T00:00:30Z'),
        ],
      ),
    );
    expect(progress.failure).toBe(
      'job/setup-1a2b: job failed: Job has reached the specified backoff limit (pod/setup-1a2b-b: pod failed: container data-setup exited with code 1 (Error): setup-1a2b-b)',
    );
  });

  it('does not judge a failed Job of the same name deleted since', () => {
    const old = job('j1', [{ type: 'Failed', status: 'True' }]);
    expect(workloadReadiness(expected, observed(old, [])).failure).toBe(
      undefined,
    );
    expect(readyWorkloads(expected, observed(old, []))).toEqual([]);
  });

  it('tells the Jobs that completed', () => {
    const complete = job('j2', [{ type: 'Complete', status: 'True' }]);
    expect(readyWorkloads(expected, observed(complete, []))).toEqual(expected);
  });
});
