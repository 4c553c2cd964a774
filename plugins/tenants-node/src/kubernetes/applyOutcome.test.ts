import type { KubernetesObject } from '@kubernetes/client-node';
import {
  appliedContent,
  appliedOutcome,
  dryRunOutcome,
  LastAppliedCache,
  lastAppliedOf,
} from './applyOutcome';

const MANAGER = 'tenant-platform';

const desired = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', labels: { tier: 'small' } },
  data: { mode: 'fast' },
} as KubernetesObject;

// Typed kinds come back with managedFields times as Dates, custom resources with strings.
const stored = (options: {
  resourceVersion: string;
  appliedAt?: string;
  data?: Record<string, string>;
  annotations?: Record<string, string>;
}): KubernetesObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      labels: { tier: 'small' },
      annotations: options.annotations,
      resourceVersion: options.resourceVersion,
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          time: new Date('2026-12-07T10:00:59Z'),
        },
        ...(options.appliedAt
          ? [
              {
                manager: MANAGER,
                operation: 'Apply',
                time: new Date(options.appliedAt),
              },
            ]
          : []),
      ],
    },
    data: options.data ?? { mode: 'fast' },
  } as KubernetesObject);

const answer = (
  object: KubernetesObject,
  answeredAt: string,
  created = false,
) => ({
  object,
  created,
  answeredAt: new Date(answeredAt).getTime(),
});

describe('appliedOutcome', () => {
  it('is created when the API server answered 201', () => {
    const created = answer(
      stored({ resourceVersion: '5', appliedAt: '2026-12-07T10:00:00Z' }),
      '2026-12-07T10:00:00.400Z',
      true,
    );
    expect(appliedOutcome(created, desired, MANAGER)).toBe('created');
  });

  it('compares with what this process applied last: content, then the manager’s time', () => {
    const first = answer(
      stored({ resourceVersion: '5', appliedAt: '2026-12-07T10:00:00Z' }),
      '2026-12-07T10:00:00.400Z',
    );
    const last = lastAppliedOf(first, desired, MANAGER);

    // A controller annotated it since (new resourceVersion), within the same second.
    const annotated = stored({
      resourceVersion: '6',
      appliedAt: '2026-12-07T10:00:00Z',
      annotations: { 'controller/revision': '1' },
    });
    expect(
      appliedOutcome(
        answer(annotated, '2026-12-07T10:00:00.800Z'),
        desired,
        MANAGER,
        last,
      ),
    ).toBe('unchanged');

    // A changed value within the same second.
    const changedDesired = {
      ...desired,
      data: { mode: 'safe' },
    } as KubernetesObject;
    const changed = stored({
      resourceVersion: '7',
      appliedAt: '2026-12-07T10:00:00Z',
      data: { mode: 'safe' },
    });
    expect(
      appliedOutcome(
        answer(changed, '2026-12-07T10:00:00.900Z'),
        changedDesired,
        MANAGER,
        last,
      ),
    ).toBe('configured');

    // Someone else changed a field it sets, and this apply put it back later.
    const restored = stored({
      resourceVersion: '9',
      appliedAt: '2026-12-07T10:05:00Z',
    });
    expect(
      appliedOutcome(
        answer(restored, '2026-12-07T10:05:00.100Z'),
        desired,
        MANAGER,
        last,
      ),
    ).toBe('configured');
  });

  it("without an earlier apply, compares the manager's time with the answer's date", () => {
    const at = (appliedAt: string, answeredAt: string) =>
      appliedOutcome(
        answer(stored({ resourceVersion: '9', appliedAt }), answeredAt),
        desired,
        MANAGER,
      );
    expect(at('2026-12-07T10:00:05Z', '2026-12-07T10:00:05.300Z')).toBe(
      'configured',
    );
    // The second boundary fell between the change and the answer.
    expect(at('2026-12-07T10:00:05Z', '2026-12-07T10:00:06.020Z')).toBe(
      'configured',
    );
    expect(at('2026-12-07T09:58:00Z', '2026-12-07T10:00:06.020Z')).toBe(
      'unchanged',
    );
    expect(
      appliedOutcome(
        {
          object: stored({ resourceVersion: '3' }),
          created: false,
          answeredAt: NaN,
        },
        desired,
        MANAGER,
      ),
    ).toBe('configured');
  });
});

describe('appliedContent', () => {
  it("covers a Secret's stored data, as a digest", () => {
    const secret = (value: string) =>
      ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'credentials' },
        data: { password: Buffer.from(value).toString('base64') },
      } as KubernetesObject);
    const desiredSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'credentials' },
      stringData: { password: 'x' },
    } as KubernetesObject;
    const before = appliedContent(secret('s3cret'), desiredSecret);
    expect(before).not.toContain(Buffer.from('s3cret').toString('base64'));
    expect(appliedContent(secret('other'), desiredSecret)).not.toBe(before);
    expect(appliedContent(secret('s3cret'), desiredSecret)).toBe(before);
  });
});

describe('dryRunOutcome', () => {
  it('compares what apply manages, not the resourceVersion', () => {
    const current = stored({ resourceVersion: '1' });
    expect(dryRunOutcome(undefined, current)).toBe('created');
    expect(dryRunOutcome(current, stored({ resourceVersion: '2' }))).toBe(
      'unchanged',
    );
    expect(
      dryRunOutcome(
        current,
        stored({ resourceVersion: '1', data: { a: '2' } }),
      ),
    ).toBe('configured');
  });
});

describe('LastAppliedCache', () => {
  it('forgets the oldest entries beyond its bound', () => {
    const cache = new LastAppliedCache(2);
    cache.set('a', { content: '1' });
    cache.set('b', { content: '2' });
    cache.set('a', { content: '3' });
    cache.set('c', { content: '4' });
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      { content: '3' },
      undefined,
      { content: '4' },
    ]);
  });
});
