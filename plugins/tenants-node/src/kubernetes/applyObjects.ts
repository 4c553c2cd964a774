import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  appliedOutcome,
  dryRunOutcome,
  LastAppliedCache,
  lastAppliedOf,
  type ApplyOutcome,
} from './applyOutcome';
import { describeKubernetesError, isNotFound } from './describeKubernetesError';
import { withSharedConnections } from './sharedConnections';
import { makeSharedDiscoveryObjectApi } from './sharedDiscovery';
import { retryTransient } from './transientApiErrors';

/** @public */
export interface AppliedObject {
  /** `kind/name`, e.g. `deployment/api`, for logs. */
  ref: string;
  namespace?: string;
  outcome: ApplyOutcome;
  object: KubernetesObject;
}

/** @public */
export interface ApplyObjectsOptions {
  /** The field manager that owns the applied fields. */
  fieldManager: string;
  /** Validate against the API server without persisting (server-side dry run). */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each object, e.g. to log `deployment/api configured`. */
  onApplied?: (applied: AppliedObject) => void;
  /**
   * How long to keep retrying requests the API server did not answer (down,
   * unreachable, overloaded); default 30 s. Other refusals fail at once.
   */
  transientRetryMs?: number;
  /** Called once when the API server first fails to answer. */
  onConnectionLost?: (reason: string) => void;
}

const DEFAULT_TRANSIENT_RETRY_MS = 30_000;

/** Thrown when the API server refuses an object; the message names it and says why. @public */
export class ApplyError extends Error {
  name = 'ApplyError';
}

const refOf = (obj: KubernetesObject) =>
  `${(obj.kind ?? 'object').toLowerCase()}/${obj.metadata?.name ?? ''}`;

const identityOf = (obj: KubernetesObject) =>
  [obj.apiVersion, obj.kind, obj.metadata?.namespace, obj.metadata?.name].join(
    '/',
  );

type PriorState = { existing?: KubernetesObject } | { error: unknown };

/** A real apply needs no prior read: its outcome comes from the answer. */
const NOT_READ: Promise<PriorState> = Promise.resolve({});

const lastApplied = new LastAppliedCache();

/** At most this many requests of one call are in flight at once. */
const MAX_CONCURRENT_REQUESTS = 8;

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);

/** Kinds no pod waits for; applied together with the workloads. */
const ALONGSIDE_WORKLOAD_KINDS = new Set([
  'Service',
  'Ingress',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'ServiceMonitor',
  'PodMonitor',
  'DNSEndpoint',
]);

/**
 * The objects' indices in waves: the objects of a wave are applied
 * concurrently, the waves one after the other.
 *
 * Cluster-scoped objects (Namespace, CustomResourceDefinition, ...) come
 * first, one per wave in the given order, as namespaced objects live in them
 * or are of their kinds. Then what pods need when they are admitted or
 * started: a pod is refused while its ServiceAccount is missing, does not
 * start without its ConfigMaps, Secrets and claims, gets no defaults from a
 * LimitRange created after it, and should be isolated by its NetworkPolicies
 * from its start; unknown kinds are counted among these. Last, together, the
 * workloads and what only routes to or watches them (Services, Ingresses,
 * ...), so that readiness starts as early as possible. (A pod created before
 * a Service gets no `<SERVICE>_SERVICE_HOST` variables for it; the tenants'
 * workloads find Services by DNS.)
 */
function wavesOf(objects: KubernetesObject[]): number[][] {
  const clusterScoped: number[][] = [];
  const prerequisites: number[] = [];
  const workloads: number[] = [];
  objects.forEach((obj, index) => {
    const kind = obj.kind ?? '';
    if (!obj.metadata?.namespace) clusterScoped.push([index]);
    else if (WORKLOAD_KINDS.has(kind) || ALONGSIDE_WORKLOAD_KINDS.has(kind)) {
      workloads.push(index);
    } else prerequisites.push(index);
  });
  return [...clusterScoped, prerequisites, workloads].filter(w => w.length);
}

/** A wave's indices by object, in the given order: an object given twice is applied twice, one after the other. */
function chainsOf(objects: KubernetesObject[], wave: number[]): number[][] {
  const chains = new Map<string, number[]>();
  for (const index of wave) {
    const identity = identityOf(objects[index]);
    const chain = chains.get(identity);
    if (chain) chain.push(index);
    else chains.set(identity, [index]);
  }
  return [...chains.values()];
}

/**
 * Runs requests at most `max` at a time; applies go before reads waiting for
 * a slot, as reads are sent ahead of need. After `close()`, waiting requests
 * are refused.
 */
function requestLimiter(max: number) {
  let active = 0;
  let closed = false;
  const waiting = {
    apply: [] as Array<() => void>,
    read: [] as Array<() => void>,
  };
  const refusals: Array<() => void> = [];
  const acquire = (kind: 'apply' | 'read') =>
    new Promise<void>((resolve, reject) => {
      if (closed) reject(new Error('applyObjects finished'));
      else if (active < max) {
        active++;
        resolve();
      } else {
        waiting[kind].push(resolve);
        refusals.push(() => reject(new Error('applyObjects finished')));
      }
    });
  const release = () => {
    const next = waiting.apply.shift() ?? waiting.read.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(kind: 'apply' | 'read', request: () => Promise<T>) {
      await acquire(kind);
      try {
        return await request();
      } finally {
        release();
      }
    },
    close() {
      closed = true;
      refusals.forEach(refuse => refuse());
    },
  };
}

/**
 * Applies objects with server-side apply (forcing ownership of the fields
 * this field manager sets) and reports for each whether it was created,
 * configured or left unchanged.
 *
 * Objects are applied in waves (see `wavesOf`): cluster-scoped objects one
 * at a time, then what pods need concurrently, then the workloads (with
 * Services and the like) concurrently, at most `MAX_CONCURRENT_REQUESTS` (8) requests at
 * a time. An object given more than once is applied in the given order. The
 * outcome comes from the API server's answer (see `appliedOutcome`), so an
 * object costs one request; a dry run compares with the stored object, read
 * (a GET) while the wave before it is applied. Connections (see
 * `withSharedConnections`) and discovery are shared by all calls on the same
 * cluster.
 *
 * `onApplied` and the result follow the given order. When the API server
 * refuses an object, no further object is started and the objects before it
 * in the given order that were applied are reported; objects after it in the
 * same wave may have been applied concurrently, unreported.
 *
 * @public
 */
export async function applyObjects(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
  options: ApplyObjectsOptions,
): Promise<AppliedObject[]> {
  const api = await makeSharedDiscoveryObjectApi(
    withSharedConnections(kubeConfig),
    kubeConfig,
  );
  const limiter = requestLimiter(MAX_CONCURRENT_REQUESTS);
  const dryRun = Boolean(options.dryRun);
  const cluster = kubeConfig.getCurrentCluster()?.server ?? '';
  let connectionLost = false;
  // Reads and server-side applies are idempotent: sending them again is safe.
  const retrying = <T>(request: () => Promise<T>) =>
    retryTransient(request, {
      timeoutMs: options.transientRetryMs ?? DEFAULT_TRANSIENT_RETRY_MS,
      signal: options.signal,
      onConnectionLost: reason => {
        if (connectionLost) return;
        connectionLost = true;
        options.onConnectionLost?.(reason);
      },
    });
  const results: Array<AppliedObject | undefined> = objects.map(
    () => undefined,
  );
  let reported = 0;
  let refused: { index: number; error: unknown } | undefined;

  const headerOf = (desired: KubernetesObject) => ({
    apiVersion: desired.apiVersion!,
    kind: desired.kind!,
    metadata: {
      name: desired.metadata!.name!,
      namespace: desired.metadata?.namespace,
    },
  });
  // Never rejects, so a read started ahead is never an unhandled rejection.
  const readPriorState = (desired: KubernetesObject): Promise<PriorState> =>
    dryRun
      ? limiter
          .run('read', () => retrying(() => api.read(headerOf(desired))))
          .then(
            existing => ({ existing }),
            error => (isNotFound(error) ? { existing: undefined } : { error }),
          )
      : NOT_READ;
  const reportInOrder = () => {
    for (; reported < results.length && results[reported]; reported++) {
      options.onApplied?.(results[reported]!);
    }
  };

  const applyOne = async (index: number, prior: Promise<PriorState>) => {
    const desired = objects[index];
    try {
      const state = await prior;
      if ('error' in state) throw state.error;
      const answer = await limiter.run('apply', () =>
        retrying(() =>
          api.applyServerSide(desired, {
            fieldManager: options.fieldManager,
            dryRun,
          }),
        ),
      );
      const key = `${cluster}/${identityOf(desired)}`;
      const outcome = dryRun
        ? dryRunOutcome(state.existing, answer.object)
        : appliedOutcome(
            answer,
            desired,
            options.fieldManager,
            lastApplied.get(key),
          );
      if (!dryRun) {
        lastApplied.set(
          key,
          lastAppliedOf(answer, desired, options.fieldManager),
        );
      }
      results[index] = {
        ref: refOf(desired),
        namespace: desired.metadata?.namespace,
        outcome,
        object: answer.object,
      };
      reportInOrder();
    } catch (error) {
      if (!refused || index < refused.index) refused = { index, error };
    }
  };
  const applyChain = async (
    chain: number[],
    readsAhead: Map<number, Promise<PriorState>>,
  ) => {
    for (const index of chain) {
      if (options.signal?.aborted || (refused && refused.index < index)) {
        return;
      }
      await applyOne(
        index,
        readsAhead.get(index) ?? readPriorState(objects[index]),
      );
    }
  };
  const readsAheadOf = (wave: number[] | undefined) =>
    new Map(
      chainsOf(objects, wave ?? []).map(([first]) => [
        first,
        readPriorState(objects[first]),
      ]),
    );

  try {
    const waves = wavesOf(objects);
    let readsAhead = readsAheadOf(waves[0]);
    for (let w = 0; w < waves.length; w++) {
      options.signal?.throwIfAborted();
      const reads = readsAhead;
      readsAhead = readsAheadOf(waves[w + 1]);
      await Promise.all(
        chainsOf(objects, waves[w]).map(chain => applyChain(chain, reads)),
      );
      if (refused) {
        const desired = objects[refused.index];
        const ref = refOf(desired);
        const where = desired.metadata?.namespace
          ? `${ref} in namespace ${desired.metadata.namespace}`
          : ref;
        throw new ApplyError(
          describeKubernetesError(refused.error, where, headerOf(desired)),
        );
      }
    }
    options.signal?.throwIfAborted();
    return results as AppliedObject[];
  } finally {
    limiter.close();
  }
}
