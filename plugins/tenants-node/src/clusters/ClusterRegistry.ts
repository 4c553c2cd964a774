import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';

/** A Kubernetes cluster tenants can be provisioned on. @public */
export interface TenantCluster {
  name: string;
  provider: string;
  regions: string[];
  /** Chosen for "Nearest" when several clusters serve the provider. */
  preferred: boolean;
}

interface ClusterConnection {
  kubeconfigPath?: string;
  context?: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

/** The region value that asks the platform to pick the cluster. @public */
export const NEAREST_REGION = 'nearest';

/**
 * The clusters of `tenants.clusters` in app-config, and how to reach each.
 * A cluster is reached through a kubeconfig file (`kubeconfigPath`, optionally
 * a `context`), through `url` plus `serviceAccountToken`, or, when neither is
 * given, through the default kubeconfig (KUBECONFIG or in-cluster config).
 *
 * @public
 */
export class ClusterRegistry {
  static fromConfig(config: Config): ClusterRegistry {
    const entries = config.getOptionalConfigArray('tenants.clusters') ?? [];
    const clusters = entries.map(entry => ({
      cluster: {
        name: entry.getString('name'),
        provider: entry.getString('provider'),
        regions: entry.getStringArray('regions'),
        preferred: entry.getOptionalBoolean('preferred') ?? false,
      },
      connection: {
        kubeconfigPath: entry.getOptionalString('kubeconfigPath') || undefined,
        context: entry.getOptionalString('context'),
        url: entry.getOptionalString('url'),
        serviceAccountToken: entry.getOptionalString('serviceAccountToken'),
        caData: entry.getOptionalString('caData'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
      },
    }));
    return new ClusterRegistry(clusters);
  }

  private readonly byName: Map<
    string,
    { cluster: TenantCluster; connection: ClusterConnection }
  >;

  constructor(
    entries: { cluster: TenantCluster; connection: ClusterConnection }[],
  ) {
    this.byName = new Map(entries.map(e => [e.cluster.name, e]));
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
   * Picks the cluster for a provider and region; `nearest` picks the preferred
   * cluster of the provider, else its first one.
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
    return kubeConfig;
  }
}
