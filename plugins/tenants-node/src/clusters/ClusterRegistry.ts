import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { withSharedConnections } from '../kubernetes/sharedConnections';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { measureApiRoundTrip } from './measureApiRoundTrip';
import { readClusterConfig, type ClusterConnection } from './readClusterConfig';
import {
  DEFAULT_ROUND_TRIP_TIMEOUT_MS,
  NearestClusterResolver,
  type MeasureRoundTrip,
  type NearestCluster,
  type NearestClusterResolverOptions,
} from './NearestClusterResolver';

/** A Kubernetes cluster tenants can be provisioned on. @public */
export interface TenantCluster {
  name: string;
  provider: string;
  regions: string[];
  /** Chosen for "Nearest" when several clusters serve the provider. */
  preferred: boolean;
}

/** The region value that asks the platform to pick the cluster. @public */
export const NEAREST_REGION = 'nearest';

/** How "Nearest" is measured; see {@link NearestClusterResolver}. @public */
export type ClusterRegistryOptions = Omit<
  NearestClusterResolverOptions,
  'measure'
> & {
  /** Default: time `GET /version` on the cluster's API server. */
  measure?: MeasureRoundTrip;
};

/** A cluster chosen for a provider and region, and for "Nearest" how. @public */
export interface ClusterSelection {
  cluster: TenantCluster;
  region: string;
  /** Set when the region was "Nearest". */
  nearest?: Pick<NearestCluster, 'basis' | 'roundTripMs'>;
}

/** Whether a cluster answered a round-trip probe, and how fast. @public */
export interface ClusterReachability {
  cluster: string;
  reachable: boolean;
  roundTripMs?: number;
}

/** The regions of a provider with their clusters, and what "Nearest" stands for. @public */
export interface ProviderPlacement {
  provider: string;
  regions: Array<{ region: string; clusters: string[] }>;
  nearest: NearestCluster | undefined;
  /** Every cluster of the provider, probed (briefly cached). */
  clusters: ClusterReachability[];
}

/**
 * The clusters of `tenants.clusters` in app-config, and how to reach each.
 * A cluster is reached through a kubeconfig file (`kubeconfigPath`, optionally
 * a `context`), through `url` plus `serviceAccountToken`, or, when neither is
 * given, through the default kubeconfig (KUBECONFIG or in-cluster config).
 * {@link ClusterRegistry.fromConfig} throws an error naming the key when
 * `tenants.clusters` is empty or wrong, so a bad config stops the start.
 *
 * @public
 */
export class ClusterRegistry {
  static fromConfig(config: Config): ClusterRegistry {
    const clusters = readClusterConfig(config);
    const timeoutMs = config.getOptionalNumber(
      'tenants.placement.roundTripTimeoutMs',
    );
    const cacheSeconds = config.getOptionalNumber(
      'tenants.placement.cacheSeconds',
    );
    return new ClusterRegistry(clusters, {
      timeoutMs,
      cacheTtlMs: cacheSeconds === undefined ? undefined : cacheSeconds * 1000,
    });
  }

  private readonly byName: Map<
    string,
    { cluster: TenantCluster; connection: ClusterConnection }
  >;

  private readonly nearestResolver: NearestClusterResolver;
  private readonly measuresApiServers: boolean;
  private readonly probeTimeoutMs: number;

  constructor(
    entries: { cluster: TenantCluster; connection: ClusterConnection }[],
    options: ClusterRegistryOptions = {},
  ) {
    this.byName = new Map(entries.map(e => [e.cluster.name, e]));
    this.measuresApiServers = !options.measure;
    this.probeTimeoutMs = options.timeoutMs ?? DEFAULT_ROUND_TRIP_TIMEOUT_MS;
    this.nearestResolver = new NearestClusterResolver({
      ...options,
      measure:
        options.measure ??
        (async (cluster, signal) =>
          measureApiRoundTrip(await this.kubeConfig(cluster.name), signal)),
    });
  }

  list(): TenantCluster[] {
    return [...this.byName.values()].map(e => e.cluster);
  }

  get(name: string): TenantCluster {
    const entry = this.byName.get(name);
    if (!entry) {
      throw new NotFoundError(
        `No cluster named '${name}' is configured under tenants.clusters`,
      );
    }
    return entry.cluster;
  }

  /** The regions of a provider that have a configured cluster. */
  regions(provider: string): string[] {
    return [
      ...new Set(
        this.list()
          .filter(c => c.provider === provider)
          .flatMap(c => c.regions),
      ),
    ];
  }

  /**
   * Picks the cluster for a provider and region without measuring anything;
   * `nearest` picks the preferred cluster of the provider, else its first one.
   * {@link ClusterRegistry.resolve} measures instead.
   */
  select(
    provider: string,
    region: string,
  ): { cluster: TenantCluster; region: string } {
    const candidates = this.list().filter(c => c.provider === provider);
    if (candidates.length === 0) {
      throw new InputError(
        `No cluster is configured for provider '${provider}'`,
      );
    }
    if (region === NEAREST_REGION) {
      const cluster = candidates.find(c => c.preferred) ?? candidates[0];
      return { cluster, region: cluster.regions[0] };
    }
    const cluster = candidates.find(c => c.regions.includes(region));
    if (!cluster) {
      throw new InputError(
        `No ${provider} cluster serves region '${region}'; configured regions: ${this.regions(
          provider,
        ).join(', ')}`,
      );
    }
    return { cluster, region };
  }

  /**
   * The placement on a cluster chosen by name: `nearest` stands for the
   * cluster's first region. Throws NotFoundError (404) for an unknown
   * cluster and InputError (400) for a cluster of another provider or a
   * region the cluster does not serve.
   */
  selectOn(name: string, provider: string, region: string): ClusterSelection {
    const cluster = this.get(name);
    if (cluster.provider !== provider) {
      throw new InputError(
        `Cluster '${name}' belongs to provider '${cluster.provider}', not '${provider}'`,
      );
    }
    if (region === NEAREST_REGION) {
      return { cluster, region: cluster.regions[0] };
    }
    if (!cluster.regions.includes(region)) {
      throw new InputError(
        `Cluster '${name}' does not serve region '${region}'; its regions: ${cluster.regions.join(
          ', ',
        )}`,
      );
    }
    return { cluster, region };
  }

  /**
   * What "Nearest" stands for among the provider's clusters: the preferred
   * one, else the reachable one with the lowest API round trip (measured with
   * a short timeout, cached briefly). Undefined when the provider has no
   * cluster or none answered.
   */
  async nearest(provider: string): Promise<NearestCluster | undefined> {
    if (this.measuresApiServers) {
      // Loading the client module can take a while the first time; it must
      // not eat into the clusters' time to answer.
      await loadKubernetesClient();
    }
    return this.nearestResolver.resolve(
      this.list().filter(c => c.provider === provider),
    );
  }

  /**
   * Whether each named cluster answers a round-trip probe, within the
   * placement timeout; probes run concurrently and are cached like those of
   * "Nearest", so a cluster that is down is reported in about the timeout.
   */
  async reachability(names: string[]): Promise<ClusterReachability[]> {
    if (this.measuresApiServers) await loadKubernetesClient();
    return Promise.all(
      names.map(async name => {
        const roundTripMs = await this.nearestResolver.roundTrip(
          this.get(name),
        );
        return roundTripMs === undefined
          ? { cluster: name, reachable: false }
          : { cluster: name, reachable: true, roundTripMs };
      }),
    );
  }

  /**
   * Throws a ServiceUnavailableError (503) naming the cluster when it does
   * not answer a round-trip probe in time.
   */
  async assertReachable(name: string, purpose: string): Promise<void> {
    const [probe] = await this.reachability([name]);
    if (!probe.reachable) {
      throw new ServiceUnavailableError(
        `Cluster '${name}' does not answer (no API round trip within ${this.probeTimeoutMs} ms); ${purpose} needs it. Choose a region another cluster serves, or try again once it is back`,
      );
    }
  }

  /** The provider's regions with the clusters serving each, its nearest cluster and which clusters answer. */
  async placement(provider: string): Promise<ProviderPlacement> {
    const candidates = this.list().filter(c => c.provider === provider);
    const [nearest, clusters] = await Promise.all([
      this.nearest(provider),
      this.reachability(candidates.map(c => c.name)),
    ]);
    return {
      provider,
      regions: this.regions(provider).map(region => ({
        region,
        clusters: candidates
          .filter(c => c.regions.includes(region))
          .map(c => c.name),
      })),
      nearest,
      clusters,
    };
  }

  /**
   * Picks the cluster for a provider and region like {@link ClusterRegistry.select},
   * resolving `nearest` by {@link ClusterRegistry.nearest}. Throws an
   * InputError (400) when no cluster serves them or, for `nearest`, none
   * answered.
   */
  async resolve(provider: string, region: string): Promise<ClusterSelection> {
    if (region !== NEAREST_REGION) {
      return this.select(provider, region);
    }
    const candidates = this.list().filter(c => c.provider === provider);
    if (candidates.length === 0) {
      return this.select(provider, region); // throws naming the provider
    }
    const nearest = await this.nearest(provider);
    if (!nearest) {
      throw new InputError(
        `None of the ${provider} clusters (${candidates
          .map(c => c.name)
          .join(
            ', ',
          )}) answered a round-trip probe; check that they are reachable, or choose a region explicitly`,
      );
    }
    return {
      cluster: nearest.cluster,
      region: nearest.region,
      nearest: {
        basis: nearest.basis,
        ...(nearest.roundTripMs !== undefined
          ? { roundTripMs: nearest.roundTripMs }
          : {}),
      },
    };
  }

  async kubeConfig(name: string): Promise<KubeConfig> {
    this.get(name);
    const { connection } = this.byName.get(name)!;
    const { KubeConfig: KubeConfigClass } = await loadKubernetesClient();
    const kubeConfig = new KubeConfigClass();
    if (connection.url) {
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name,
            server: connection.url,
            caData: connection.caData,
            skipTLSVerify: connection.skipTLSVerify ?? false,
          },
        ],
        users: [{ name, token: connection.serviceAccountToken }],
        contexts: [{ name, cluster: name, user: name }],
        currentContext: name,
      });
    } else if (connection.kubeconfigPath) {
      kubeConfig.loadFromFile(connection.kubeconfigPath);
    } else {
      kubeConfig.loadFromDefault();
    }
    if (connection.context) {
      kubeConfig.setCurrentContext(connection.context);
    }
    return withSharedConnections(kubeConfig);
  }
}
