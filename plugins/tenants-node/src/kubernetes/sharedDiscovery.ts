import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  ResponseContext,
  V1APIResource,
  V1APIResourceList,
} from '@kubernetes/client-node';
import type { ApplyAnswer } from './applyOutcome';
import { clusterUserKey } from './clusterUserKey';
import { loadKubernetesClient } from './loadKubernetesClient';

/**
 * How long a cluster's discovery answers are reused. Kinds that appear in the
 * meantime (a CustomResourceDefinition installed later) are found anyway: a
 * kind missing from a cached API version is discovered again.
 */
const DISCOVERY_TTL_MS = 5 * 60_000;

interface Discovery {
  /** By API version, e.g. `apps/v1`; shared by every object API of the cluster. */
  lists: Record<string, V1APIResourceList>;
  pending: Map<string, Promise<unknown>>;
  expiresAt: number;
}

// Keyed by cluster and user, not by KubeConfig: callers build a new KubeConfig
// for every phase (ClusterRegistry.kubeConfig), so a cache per KubeConfig
// would discover the same API versions again in every phase.
const discoveries = new Map<string, Discovery>();

function discoveryOf(kubeConfig: KubeConfig): Discovery {
  const key = clusterUserKey(kubeConfig);
  const now = Date.now();
  let discovery = discoveries.get(key);
  if (!discovery || discovery.expiresAt <= now) {
    discovery = {
      lists: {},
      pending: new Map(),
      expiresAt: now + DISCOVERY_TTL_MS,
    };
    discoveries.set(key, discovery);
  }
  return discovery;
}

let apiClass: ReturnType<typeof loadApiClass> | undefined;

/** A `KubernetesObjectApi` on a cluster's shared discovery. */
export type SharedDiscoveryObjectApi = KubernetesObjectApi & {
  /** The path that lists (or watches) objects like `spec`. */
  listPath(spec: KubernetesObject): Promise<string>;
  /**
   * Server-side apply (forcing conflicts) that also answers whether it
   * created the object and when the API server answered.
   */
  applyServerSide(
    spec: KubernetesObject,
    options: { fieldManager: string; dryRun?: boolean },
  ): Promise<ApplyAnswer>;
};

/** The HTTP answer each result came from (its status and Date header). */
const answers = new WeakMap<object, ResponseContext>();

async function loadApiClass() {
  const { KubernetesObjectApi: ObjectApi, PatchStrategy } =
    await loadKubernetesClient();
  /** Looks kinds up in the cluster's shared discovery, one request per API version even when asked concurrently. */
  return class extends ObjectApi {
    sharedDiscovery: Discovery = {
      lists: this.apiVersionResourceCache,
      pending: new Map(),
      expiresAt: 0,
    };

    listPath(spec: KubernetesObject): Promise<string> {
      return this.specUriPath(spec, 'list');
    }

    async applyServerSide(
      spec: KubernetesObject,
      options: { fieldManager: string; dryRun?: boolean },
    ): Promise<ApplyAnswer> {
      const object = await this.patch(
        spec,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      );
      const answer = answers.get(object);
      return {
        object,
        created: answer?.httpStatusCode === 201,
        answeredAt: Date.parse(answer?.headers.date ?? ''),
      };
    }

    protected async processResponse<T extends KubernetesObject>(
      response: ResponseContext,
      type?: string,
    ): Promise<T> {
      const result = await super.processResponse<T>(response, type);
      if (result && typeof result === 'object') {
        answers.set(result, response);
      }
      return result;
    }

    useDiscovery(kubeConfig: KubeConfig, discovery: Discovery) {
      this.setDefaultNamespace(kubeConfig);
      this.sharedDiscovery = discovery;
      this.apiVersionResourceCache = discovery.lists;
    }

    protected async resource(
      apiVersion: string,
      kind: string,
    ): Promise<V1APIResource | undefined> {
      const { lists, pending } = this.sharedDiscovery;
      const inFlight = pending.get(apiVersion);
      // Only an await when there is something to wait for: otherwise callers
      // of the same tick would all pass the check below before one registers.
      if (inFlight) await inFlight.catch(() => undefined);
      if (lists[apiVersion]?.resources.some(r => r.kind === kind)) {
        return super.resource(apiVersion, kind);
      }
      const discovering = super.resource(apiVersion, kind);
      pending.set(apiVersion, discovering);
      try {
        return await discovering;
      } finally {
        if (pending.get(apiVersion) === discovering) pending.delete(apiVersion);
      }
    }
  };
}

/**
 * A `KubernetesObjectApi` whose requests go through `kubeConfig` and whose
 * discovery of API versions (resource names, namespaced or not) is shared
 * with every other one made for the same cluster and user of `identity`.
 */
export async function makeSharedDiscoveryObjectApi(
  kubeConfig: KubeConfig,
  identity: KubeConfig = kubeConfig,
): Promise<SharedDiscoveryObjectApi> {
  apiClass ??= loadApiClass();
  const api = kubeConfig.makeApiClient(await apiClass);
  api.useDiscovery(kubeConfig, discoveryOf(identity));
  return api;
}
