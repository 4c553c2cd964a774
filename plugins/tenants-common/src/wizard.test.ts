import {
  dataSourceTestRequestSchema,
  dataSourceTestResultSchema,
  dryRunRequestSchema,
  dryRunResponseSchema,
  placementQuerySchema,
  placementResponseSchema,
} from './wizard';

describe('wizard API schemas', () => {
  it('takes a data source with a password to test, and nothing else', () => {
    const source = {
      name: 'warehouse',
      type: 'postgresql',
      host: 'db.example.com',
      port: 5432,
      database: 'analytics',
      user: 'reader',
    };
    expect(
      dataSourceTestRequestSchema.parse({ ...source, password: 'pw' }),
    ).toEqual({ ...source, password: 'pw', tlsMode: 'require' });
    expect(
      dataSourceTestRequestSchema.safeParse({ ...source, extra: 1 }).success,
    ).toBe(false);
    expect(
      dataSourceTestResultSchema.parse({
        ok: true,
        message: 'Connected',
        latencyMs: 3,
      }),
    ).toEqual({ ok: true, message: 'Connected', latencyMs: 3 });
    expect(
      dataSourceTestResultSchema.safeParse({ ok: true, message: 'x' }).success,
    ).toBe(false);
  });

  it('takes a provider for placement and a spec for the dry run', () => {
    expect(placementQuerySchema.parse({ provider: 'gcp' })).toEqual({
      provider: 'gcp',
    });
    expect(placementQuerySchema.safeParse({}).success).toBe(false);
    expect(
      placementResponseSchema.parse({
        provider: 'azure',
        regions: [{ region: 'westeurope', clusters: ['weu'] }],
        nearest: {
          region: 'westeurope',
          cluster: 'weu',
          basis: 'round-trip',
          roundTripMs: 12,
        },
      }).nearest?.basis,
    ).toBe('round-trip');
    expect(
      dryRunRequestSchema.safeParse({ spec: {}, cluster: 'x' }).success,
    ).toBe(false);
    expect(
      dryRunResponseSchema.parse({
        cluster: 'weu',
        namespace: 'tenant-acme',
        phases: [
          {
            phaseId: 'ingress',
            name: 'Ingress',
            objects: [
              {
                apiVersion: 'networking.k8s.io/v1',
                kind: 'Ingress',
                name: 'acme',
                namespace: 'tenant-acme',
                outcome: 'created',
              },
            ],
            error: 'Phase ingress needs ...',
          },
        ],
      }).phases[0].objects,
    ).toHaveLength(1);
  });
});
