import { readyEndpointsByService } from './healthChecks';

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
