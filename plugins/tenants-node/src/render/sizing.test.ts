import { RESOURCE_TIERS } from '@tenant-platform/backstage-plugin-tenants-common';
import { createRenderContext } from './context';
import { defaultTierSizing, resolveTierSizing } from './sizing';
import {
  ALL_MODULES,
  allObjects,
  buildSpec,
  byKind,
  parseQuantity,
  podTemplatesOf,
} from './__testUtils__/fixtures';

describe('tier sizing', () => {
  it('overrides single fields and keeps the other defaults', () => {
    const sizing = resolveTierSizing({
      small: { replicas: { dataPlane: 2 }, postgres: { storage: '20Gi' } },
    });
    expect(sizing.small.replicas).toEqual({
      ...defaultTierSizing.small.replicas,
      dataPlane: 2,
    });
    expect(sizing.small.postgres).toEqual({
      ...defaultTierSizing.small.postgres,
      storage: '20Gi',
    });
    expect(sizing.medium).toEqual(defaultTierSizing.medium);
  });

  it('grows quota from small to large', () => {
    const cpu = RESOURCE_TIERS.map(t =>
      parseQuantity(defaultTierSizing[t].quota.requests.cpu),
    );
    const storage = RESOURCE_TIERS.map(t =>
      parseQuantity(defaultTierSizing[t].quota.storage),
    );
    expect([...cpu].sort((a, b) => a - b)).toEqual(cpu);
    expect([...storage].sort((a, b) => a - b)).toEqual(storage);
    expect(new Set(cpu).size).toBe(3);
  });

  describe.each(RESOURCE_TIERS)('the %s tier', tier => {
    const ctx = createRenderContext({
      availableCrds: ['servicemonitors.monitoring.coreos.com'],
    });
    const spec = buildSpec({
      infrastructure: { resourceTier: tier, gpuEnabled: true },
      modules: ALL_MODULES,
    });
    const objects = allObjects(spec, ctx);
    const pods = podTemplatesOf(objects);
    const sizing = ctx.sizing[tier];

    const total = (pick: (c: any) => string | undefined) =>
      pods.reduce(
        (sum, p) =>
          sum +
          p.replicas *
            p.containers.reduce((s, c) => s + parseQuantity(pick(c) ?? '0'), 0),
        0,
      );
    const largestPod = (pick: (c: any) => string | undefined) =>
      Math.max(
        ...pods.map(p =>
          p.containers.reduce((s, c) => s + parseQuantity(pick(c) ?? '0'), 0),
        ),
      );

    it.each([
      ['requests', 'cpu'],
      ['requests', 'memory'],
      ['limits', 'cpu'],
      ['limits', 'memory'],
    ] as const)(
      'has quota for the %s.%s of every pod plus one rolling update',
      (kind, resource) => {
        const pick = (c: any) => c.resources[kind][resource];
        expect(total(pick) + largestPod(pick)).toBeLessThanOrEqual(
          parseQuantity(sizing.quota[kind][resource]),
        );
      },
    );

    it('has quota for every pod, volume claim and byte of storage', () => {
      const podCount = pods.reduce((sum, p) => sum + p.replicas, 0);
      expect(podCount + 1).toBeLessThanOrEqual(sizing.quota.pods);
      const claims = byKind(objects, 'StatefulSet').flatMap((s: any) =>
        Array.from({ length: s.spec.replicas }, () =>
          parseQuantity(
            s.spec.volumeClaimTemplates[0].spec.resources.requests.storage,
          ),
        ),
      );
      expect(claims.length).toBeLessThanOrEqual(
        sizing.quota.persistentVolumeClaims,
      );
      expect(claims.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
        parseQuantity(sizing.quota.storage),
      );
    });

    it('keeps every container within the LimitRange maximum', () => {
      for (const container of pods.flatMap(p => p.containers)) {
        for (const resource of ['cpu', 'memory'] as const) {
          expect(
            parseQuantity(container.resources!.limits![resource]),
          ).toBeLessThanOrEqual(parseQuantity(sizing.limitRange.max[resource]));
        }
      }
    });
  });
});
