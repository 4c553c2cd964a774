import { observesLatestApply, workloadReadiness } from './workloadReadiness';

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
