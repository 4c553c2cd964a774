import type { Config } from '@backstage/config';
import { CLOUD_PROVIDERS } from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantCluster } from './ClusterRegistry';

/** How a cluster's API server is reached. @public */
export interface ClusterConnection {
  kubeconfigPath?: string;
  context?: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

/**
 * The clusters of `tenants.clusters`. Throws an error naming the key when
 * there is none, when a provider is not one the platform provisions on, when
 * a cluster serves no region or when two clusters share a name; a missing or
 * mistyped key throws the config reader's own error, which names it too.
 */
export function readClusterConfig(
  config: Config,
): Array<{ cluster: TenantCluster; connection: ClusterConnection }> {
  const entries = config.getOptionalConfigArray('tenants.clusters') ?? [];
  if (entries.length === 0) {
    throw new Error(
      "Missing required config value at 'tenants.clusters': list at least one Kubernetes cluster " +
        'tenants are provisioned on (name, provider, regions)',
    );
  }
  const firstIndexByName = new Map<string, number>();
  return entries.map((entry, index) => {
    const key = `tenants.clusters[${index}]`;
    const name = entry.getString('name');
    const provider = entry.getString('provider');
    const regions = entry.getStringArray('regions');
    if (!(CLOUD_PROVIDERS as readonly string[]).includes(provider)) {
      throw new Error(
        `Invalid config at '${key}.provider': '${provider}' is not a provider tenants can be provisioned on; use one of ${CLOUD_PROVIDERS.join(
          ', ',
        )}`,
      );
    }
    if (regions.length === 0) {
      throw new Error(
        `Invalid config at '${key}.regions': cluster '${name}' must serve at least one region`,
      );
    }
    const earlier = firstIndexByName.get(name);
    if (earlier !== undefined) {
      throw new Error(
        `Invalid config at '${key}.name': 'tenants.clusters[${earlier}]' is already named '${name}'; cluster names must be unique`,
      );
    }
    firstIndexByName.set(name, index);
    return {
      cluster: {
        name,
        provider,
        regions,
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
    };
  });
}
