import type { TenantCluster } from './ClusterRegistry';
import {
  chooseNearest,
  MeasureRoundTrip,
  NearestClusterResolver,
} from './NearestClusterResolver';

const cluster = (
  name: string,
  regions: string[],
  preferred = false,
): TenantCluster => ({ name, provider: 'azure', regions, preferred });

const weu = cluster('azure-weu', ['westeurope']);
const neu = cluster('azure-neu', ['northeurope', 'swedencentral']);
const eus = cluster('azure-eus', ['eastus']);

describe('chooseNearest', () => {
  it('picks the lowest round trip, skipping clusters that did not answer', () => {
    expect(
      chooseNearest(
        [weu, neu, eus],
        new Map([
          ['azure-weu', 40],
          ['azure-neu', 12.5],
          ['azure-eus', undefined],
        ]),
      ),
    ).toEqual({
      cluster: neu,
      region: 'northeurope',
      basis: 'round-trip',
      roundTripMs: 12.5,
    });
  });

  it('keeps configuration order on ties', () => {
    expect(
      chooseNearest(
        [weu, neu],
        new Map([
          ['azure-weu', 10],
          ['azure-neu', 10],
        ]),
      )?.cluster,
    ).toBe(weu);
  });

  it('prefers a configured preferred cluster over any measurement', () => {
    const preferred = cluster('azure-pref', ['francecentral'], true);
    expect(
      chooseNearest(
        [weu, preferred],
        new Map([
          ['azure-weu', 1],
          ['azure-pref', 500],
        ]),
      ),
    ).toEqual({
      cluster: preferred,
      region: 'francecentral',
      basis: 'preferred',
    });
  });

  it('is undefined without candidates or when none answered', () => {
    expect(chooseNearest([], new Map())).toBeUndefined();
    expect(
      chooseNearest([weu, neu], new Map([['azure-weu', undefined]])),
    ).toBeUndefined();
  });
});

describe('NearestClusterResolver', () => {
  function setup(roundTrips: Record<string, number | 'down' | 'hang'>) {
    let clock = 0;
    const measure = jest.fn<
      ReturnType<MeasureRoundTrip>,
      Parameters<MeasureRoundTrip>
    >(async ({ name }, signal) => {
      const value = roundTrips[name];
      if (value === 'down') throw new Error('ECONNREFUSED');
      if (value === 'hang') {
        return new Promise<number>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      }
      return value;
    });
    const resolver = new NearestClusterResolver({
      measure,
      timeoutMs: 50,
      cacheTtlMs: 30_000,
      now: () => clock,
    });
    return {
      measure,
      resolver,
      advance: (ms: number) => {
        clock += ms;
      },
    };
  }

  it('measures every candidate concurrently and picks the fastest that answered', async () => {
    const { resolver, measure } = setup({
      'azure-weu': 35,
      'azure-neu': 'down',
      'azure-eus': 'hang',
    });
    await expect(resolver.resolve([weu, neu, eus])).resolves.toEqual({
      cluster: weu,
      region: 'westeurope',
      basis: 'round-trip',
      roundTripMs: 35,
    });
    expect(measure).toHaveBeenCalledTimes(3);
    const hungSignal = measure.mock.calls[2][1];
    expect(hungSignal.aborted).toBe(true);
  });

  it('does not measure when a candidate is preferred', async () => {
    const { resolver, measure } = setup({});
    const preferred = cluster('azure-pref', ['francecentral'], true);
    await expect(resolver.resolve([weu, preferred])).resolves.toMatchObject({
      cluster: preferred,
      basis: 'preferred',
    });
    expect(measure).not.toHaveBeenCalled();
  });

  it('reuses measurements, also failures, until they expire', async () => {
    const { resolver, measure, advance } = setup({
      'azure-weu': 20,
      'azure-neu': 'down',
    });
    await resolver.resolve([weu, neu]);
    await Promise.all([resolver.resolve([weu, neu]), resolver.roundTrip(weu)]);
    expect(measure).toHaveBeenCalledTimes(2);

    advance(29_999);
    await resolver.resolve([weu, neu]);
    expect(measure).toHaveBeenCalledTimes(2);

    advance(1);
    await resolver.resolve([weu, neu]);
    expect(measure).toHaveBeenCalledTimes(4);
  });

  it('resolves to undefined when no candidate answers', async () => {
    const { resolver } = setup({ 'azure-weu': 'down', 'azure-neu': 'hang' });
    await expect(resolver.resolve([weu, neu])).resolves.toBeUndefined();
  });
});
