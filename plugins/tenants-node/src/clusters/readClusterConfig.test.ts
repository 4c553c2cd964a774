import { ConfigReader } from '@backstage/config';
import { ClusterRegistry } from './ClusterRegistry';

const fromConfig = (tenants: object) =>
  ClusterRegistry.fromConfig(new ConfigReader({ tenants }));

const cluster = { name: 'local', provider: 'azure', regions: ['westeurope'] };

describe('ClusterRegistry.fromConfig on a bad tenants.clusters', () => {
  it('names the key when no cluster is configured', () => {
    const message =
      "Missing required config value at 'tenants.clusters': list at least one Kubernetes cluster " +
      'tenants are provisioned on (name, provider, regions)';
    expect(() => fromConfig({})).toThrow(message);
    expect(() => fromConfig({ clusters: [] })).toThrow(message);
  });

  it('names the key of an unknown provider', () => {
    expect(() =>
      fromConfig({
        clusters: [cluster, { ...cluster, name: 'b', provider: 'azur' }],
      }),
    ).toThrow(
      "Invalid config at 'tenants.clusters[1].provider': 'azur' is not a provider tenants can be provisioned on; use one of azure, aws, gcp",
    );
  });

  it('names the key of a cluster without regions', () => {
    expect(() =>
      fromConfig({ clusters: [{ ...cluster, regions: [] }] }),
    ).toThrow(
      "Invalid config at 'tenants.clusters[0].regions': cluster 'local' must serve at least one region",
    );
  });

  it('names the key of a second cluster with the same name', () => {
    expect(() => fromConfig({ clusters: [cluster, cluster] })).toThrow(
      "Invalid config at 'tenants.clusters[1].name': 'tenants.clusters[0]' is already named 'local'; cluster names must be unique",
    );
  });

  it('names the key of a missing or mistyped field (the config reader does)', () => {
    expect(() =>
      fromConfig({ clusters: [{ provider: 'azure', regions: ['x'] }] }),
    ).toThrow(
      /Missing required config value at 'tenants\.clusters\[0\]\.name'/,
    );
    expect(() =>
      fromConfig({ clusters: [{ ...cluster, regions: 'westeurope' }] }),
    ).toThrow(/tenants\.clusters\[0\]\.regions/);
  });

  it('accepts a valid list', () => {
    expect(fromConfig({ clusters: [cluster] }).list()).toEqual([
      { ...cluster, preferred: false },
    ]);
  });
});
