import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from './ClusterRegistry';

const registry = ClusterRegistry.fromConfig(
  new ConfigReader({
    tenants: {
      clusters: [
        { name: 'azure-weu', provider: 'azure', regions: ['westeurope'] },
        {
          name: 'azure-neu',
          provider: 'azure',
          regions: ['northeurope', 'swedencentral'],
          preferred: true,
        },
        { name: 'aws-use1', provider: 'aws', regions: ['us-east-1'] },
      ],
    },
  }),
);

describe('ClusterRegistry', () => {
  it('lists the regions of a provider that have a cluster', () => {
    expect(registry.regions('azure')).toEqual([
      'westeurope',
      'northeurope',
      'swedencentral',
    ]);
    expect(registry.regions('gcp')).toEqual([]);
  });

  it('resolves "nearest" to the preferred cluster of the provider', () => {
    expect(registry.select('azure', 'nearest')).toMatchObject({
      cluster: { name: 'azure-neu' },
      region: 'northeurope',
    });
    expect(registry.select('aws', 'nearest')).toMatchObject({
      cluster: { name: 'aws-use1' },
      region: 'us-east-1',
    });
  });

  it('picks the cluster serving a region', () => {
    expect(registry.select('azure', 'westeurope').cluster.name).toBe(
      'azure-weu',
    );
  });

  it('says what is wrong with an unserved provider or region', () => {
    expect(() => registry.select('gcp', 'nearest')).toThrow(
      "No cluster is configured for provider 'gcp'",
    );
    expect(() => registry.select('azure', 'eastus')).toThrow(
      "No azure cluster serves region 'eastus'; configured regions: westeurope, northeurope, swedencentral",
    );
    expect(() => registry.get('nope')).toThrow(
      "No cluster named 'nope' is configured under tenants.clusters",
    );
  });
});

describe('ClusterRegistry.selectOn, a cluster chosen by name', () => {
  it('places "nearest" in the first region of the cluster, and a region it serves there', () => {
    expect(registry.selectOn('azure-neu', 'azure', 'nearest')).toMatchObject({
      cluster: { name: 'azure-neu' },
      region: 'northeurope',
    });
    expect(
      registry.selectOn('azure-neu', 'azure', 'swedencentral'),
    ).toMatchObject({
      cluster: { name: 'azure-neu' },
      region: 'swedencentral',
    });
  });

  it('says what is wrong with another provider, an unserved region or an unknown cluster', () => {
    expect(() => registry.selectOn('aws-use1', 'azure', 'nearest')).toThrow(
      "Cluster 'aws-use1' belongs to provider 'aws', not 'azure'",
    );
    expect(() =>
      registry.selectOn('azure-weu', 'azure', 'northeurope'),
    ).toThrow(
      "Cluster 'azure-weu' does not serve region 'northeurope'; its regions: westeurope",
    );
    expect(() => registry.selectOn('gcp-1', 'gcp', 'nearest')).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });
});

describe('ClusterRegistry placement', () => {
  const entries = [
    { name: 'azure-weu', regions: ['westeurope'] },
    { name: 'azure-neu', regions: ['northeurope', 'westeurope'] },
    { name: 'azure-eus', regions: ['eastus'] },
  ].map(c => ({
    cluster: { ...c, provider: 'azure', preferred: false },
    connection: {},
  }));
  const roundTrips: Record<string, number | undefined> = {
    'azure-weu': 30,
    'azure-neu': 8,
    'azure-eus': undefined,
  };
  const measured = new ClusterRegistry(entries, {
    measure: async ({ name }) => {
      const ms = roundTrips[name];
      if (ms === undefined) throw new Error('unreachable');
      return ms;
    },
  });

  it('lists regions with their clusters and the measured nearest cluster', async () => {
    await expect(measured.placement('azure')).resolves.toEqual({
      provider: 'azure',
      regions: [
        { region: 'westeurope', clusters: ['azure-weu', 'azure-neu'] },
        { region: 'northeurope', clusters: ['azure-neu'] },
        { region: 'eastus', clusters: ['azure-eus'] },
      ],
      nearest: {
        cluster: expect.objectContaining({ name: 'azure-neu' }),
        region: 'northeurope',
        basis: 'round-trip',
        roundTripMs: 8,
      },
      clusters: [
        { cluster: 'azure-weu', reachable: true, roundTripMs: 30 },
        { cluster: 'azure-neu', reachable: true, roundTripMs: 8 },
        { cluster: 'azure-eus', reachable: false },
      ],
    });
    await expect(measured.placement('gcp')).resolves.toEqual({
      provider: 'gcp',
      regions: [],
      nearest: undefined,
      clusters: [],
    });
  });

  it('refuses, naming the cluster, what needs a cluster that does not answer', async () => {
    await expect(
      measured.assertReachable('azure-neu', 'the dry run'),
    ).resolves.toBeUndefined();
    await expect(
      measured.assertReachable('azure-eus', 'the dry run'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        "Cluster 'azure-eus' does not answer (no API round trip within 2000 ms); the dry run needs it. Choose a region another cluster serves, or try again once it is back",
    });
  });

  it('resolves "nearest" by round trip and explicit regions without measuring', async () => {
    await expect(measured.resolve('azure', 'nearest')).resolves.toEqual({
      cluster: expect.objectContaining({ name: 'azure-neu' }),
      region: 'northeurope',
      nearest: { basis: 'round-trip', roundTripMs: 8 },
    });
    await expect(measured.resolve('azure', 'eastus')).resolves.toEqual({
      cluster: expect.objectContaining({ name: 'azure-eus' }),
      region: 'eastus',
    });
    await expect(registry.resolve('azure', 'nearest')).resolves.toEqual({
      cluster: expect.objectContaining({ name: 'azure-neu' }),
      region: 'northeurope',
      nearest: { basis: 'preferred' },
    });
  });

  it('says when no cluster serves the provider or none answered', async () => {
    await expect(measured.resolve('gcp', 'nearest')).rejects.toThrow(
      "No cluster is configured for provider 'gcp'",
    );
    const unreachable = new ClusterRegistry(entries.slice(2), {
      measure: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    await expect(unreachable.resolve('azure', 'nearest')).rejects.toThrow(
      'None of the azure clusters (azure-eus) answered a round-trip probe; check that they are reachable, or choose a region explicitly',
    );
  });
});
