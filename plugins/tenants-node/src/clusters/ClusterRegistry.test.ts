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
