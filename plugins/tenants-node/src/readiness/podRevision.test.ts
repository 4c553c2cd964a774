import {
  isCurrentRevisionPod,
  podsBlockingStatefulSetRollout,
} from './podRevision';

const ref = (kind: string, name: string) => ({
  ownerReferences: [{ kind, name, controller: true }],
});
const deployment = (revision: string, generation = 2, observed = 2) => ({
  metadata: {
    name: 'api',
    generation,
    annotations: { 'deployment.kubernetes.io/revision': revision },
  },
  status: { observedGeneration: observed },
});
const replicaSet = (name: string, revision: string) => ({
  metadata: {
    name,
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ...ref('Deployment', 'api'),
  },
});
const observedWith = (dep: any) =>
  new Map<string, Map<string, any>>([
    ['Deployment', new Map([['api', dep]])],
    [
      'ReplicaSet',
      new Map([
        ['api-old', replicaSet('api-old', '1')],
        ['api-new', replicaSet('api-new', '2')],
      ]),
    ],
  ]);
const podOf = (owner: any) => ({ metadata: { name: 'p', ...owner } });

describe('isCurrentRevisionPod', () => {
  it("judges only the pods of the Deployment's current ReplicaSet", () => {
    const observed = observedWith(deployment('2'));
    expect(
      isCurrentRevisionPod(podOf(ref('ReplicaSet', 'api-new')), observed),
    ).toBe(true);
    expect(
      isCurrentRevisionPod(podOf(ref('ReplicaSet', 'api-old')), observed),
    ).toBe(false);
  });

  it('judges no pod while the controller has not observed the latest spec', () => {
    const observed = observedWith(deployment('1', 3, 2));
    expect(
      isCurrentRevisionPod(podOf(ref('ReplicaSet', 'api-old')), observed),
    ).toBe(false);
  });

  it("judges StatefulSet pods by the set's update revision", () => {
    const observed = new Map([
      [
        'StatefulSet',
        new Map([
          [
            'db',
            {
              metadata: { name: 'db', generation: 1 },
              status: { observedGeneration: 1, updateRevision: 'db-abc' },
            },
          ],
        ]),
      ],
    ]);
    const pod = (hash: string) => ({
      metadata: {
        labels: { 'controller-revision-hash': hash },
        ...ref('StatefulSet', 'db'),
      },
    });
    expect(isCurrentRevisionPod(pod('db-abc'), observed)).toBe(true);
    expect(isCurrentRevisionPod(pod('db-old'), observed)).toBe(false);
  });

  it('judges pods whose owner it does not know', () => {
    expect(isCurrentRevisionPod(podOf(ref('ReplicaSet', 'x')), new Map())).toBe(
      true,
    );
    expect(isCurrentRevisionPod({ metadata: {} }, new Map())).toBe(true);
  });
});

describe('podsBlockingStatefulSetRollout', () => {
  const set = (spec: any = {}, generation = 2, observedGeneration = 2) =>
    new Map([
      [
        'StatefulSet',
        new Map([
          [
            'postgres',
            {
              metadata: { name: 'postgres', generation },
              spec,
              status: {
                observedGeneration,
                currentRevision: 'postgres-old',
                updateRevision: 'postgres-new',
              },
            },
          ],
        ]),
      ],
    ]);
  const pod = (name: string, hash: string, ready: boolean, extra = {}) => ({
    metadata: {
      name,
      labels: { 'controller-revision-hash': hash },
      ...ref('StatefulSet', 'postgres'),
      ...extra,
    },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
  const names = (pods: any[]) => pods.map(p => p.metadata.name);

  it('names the older revision pods that are not ready', () => {
    const pods = [
      pod('postgres-0', 'postgres-old', false),
      pod('postgres-1', 'postgres-old', true),
      pod('postgres-2', 'postgres-new', false),
      pod('postgres-3', 'postgres-old', false, {
        deletionTimestamp: '2026-01-01T00:00:00Z',
      }),
    ];
    expect(names(podsBlockingStatefulSetRollout(pods, set()))).toEqual([
      'postgres-0',
    ]);
  });

  it('leaves sets alone that replace such pods themselves or must not be rolled out', () => {
    const stuck = [pod('postgres-0', 'postgres-old', false)];
    for (const observed of [
      set({ podManagementPolicy: 'Parallel' }),
      set({ updateStrategy: { type: 'OnDelete' } }),
      set({
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 1 },
        },
      }),
      set({}, 3, 2), // the controller has not seen the latest spec yet
      new Map(), // the set is not observed
    ]) {
      expect(podsBlockingStatefulSetRollout(stuck, observed)).toEqual([]);
    }
  });
});
