import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { loadKubernetesClient } from './loadKubernetesClient';

/** A set of objects of one kind, optionally narrowed by namespace and selectors. @public */
export interface CollectionReference {
  apiVersion: string;
  kind: string;
  /** Omit for cluster-scoped kinds, or to watch a namespaced kind in all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** @public */
export interface WaitForObjectsOptions<T extends KubernetesObject> {
  /** Decides from the current set of objects whether the wait is over. */
  until: (objects: T[]) => boolean;
  /** Called on every observed change, for progress logging. */
  onChange?: (objects: T[]) => void;
  /** Deadline for the whole wait; the error then describes the last observed state. */
  timeoutMs: number;
  signal?: AbortSignal;
  describe?: (objects: T[]) => string;
}

/** Thrown when objects did not reach the awaited state before the deadline. @public */
export class WaitTimeoutError extends Error {
  name = 'WaitTimeoutError';
}

async function collectionPath(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
): Promise<string> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  // specUriPath is protected; it resolves the plural and scope through discovery.
  class PathResolver extends KubernetesObjectApi {
    resolve(spec: KubernetesObject) {
      return this.specUriPath(spec, 'list');
    }
  }
  return kubeConfig.makeApiClient(PathResolver).resolve({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { namespace: ref.namespace },
  });
}

const keyOf = (obj: KubernetesObject) =>
  `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

/**
 * A request that got no answer at all (the API server is down or unreachable)
 * fails with just `fetch failed`; this names what happened and why.
 */
function describeUnreachable(error: unknown, what: string): unknown {
  const e = error as { code?: unknown; cause?: { message?: unknown } };
  if (e?.code !== undefined || typeof e?.cause?.message !== 'string') {
    return error;
  }
  return new Error(
    `Lost the connection to the cluster's API server while waiting for ${what}: ${e.cause.message}`,
    { cause: error },
  );
}

/**
 * Waits for a set of objects to reach a state: lists them once, then follows a
 * watch from that resource version, re-listing whenever the watch ends (server
 * timeout, 410 Gone). Never polls on a timer.
 *
 * @public
 */
export async function waitForObjects<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
  options: WaitForObjectsOptions<T>,
): Promise<T[]> {
  const { KubernetesObjectApi, Watch } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const path = await collectionPath(kubeConfig, ref);
  const describe =
    options.describe ?? (objects => `${objects.length} ${ref.kind} object(s)`);
  const current = new Map<string, T>();
  const snapshot = () => [...current.values()];

  let settled = false;
  let activeWatch: AbortController | undefined;

  return new Promise<T[]>((resolve, reject) => {
    const listeners = new AbortController();
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      listeners.abort();
      activeWatch?.abort();
      if (error) reject(error);
      else resolve(snapshot());
    };
    const changed = () => {
      const objects = snapshot();
      options.onChange?.(objects);
      if (options.until(objects)) finish();
    };
    const fail = (error: unknown) =>
      finish(describeUnreachable(error, `${ref.kind} objects`) as Error);
    const abortError = () =>
      new Error(`Stopped waiting for ${ref.kind} objects: aborted`);
    const timeoutError = () => {
      const seconds = Math.round(options.timeoutMs / 1000);
      return new WaitTimeoutError(
        `Timed out after ${seconds}s waiting for ${
          ref.kind
        } objects: ${describe(snapshot())}`,
      );
    };
    options.signal?.addEventListener('abort', () => finish(abortError()), {
      signal: listeners.signal,
    });
    AbortSignal.timeout(options.timeoutMs).addEventListener(
      'abort',
      () => finish(timeoutError()),
      { signal: listeners.signal },
    );

    const listAndWatch = async (): Promise<void> => {
      const list = await api.list<T>(
        ref.apiVersion,
        ref.kind,
        ref.namespace,
        undefined,
        undefined,
        undefined,
        ref.fieldSelector,
        ref.labelSelector,
      );
      if (settled) return;
      current.clear();
      for (const item of list.items) {
        // List items come without apiVersion/kind; readiness rules need the kind.
        current.set(keyOf(item), {
          ...item,
          apiVersion: ref.apiVersion,
          kind: ref.kind,
        });
      }
      changed();
      if (settled) return;
      activeWatch = await new Watch(kubeConfig).watch(
        path,
        {
          fieldSelector: ref.fieldSelector,
          labelSelector: ref.labelSelector,
          resourceVersion: list.metadata?.resourceVersion,
          allowWatchBookmarks: true,
        },
        (type, obj: T) => {
          if (type === 'ADDED' || type === 'MODIFIED') {
            current.set(keyOf(obj), obj);
          } else if (type === 'DELETED') {
            current.delete(keyOf(obj));
          } else {
            return; // BOOKMARK, or ERROR (e.g. 410 Gone) after which the watch ends and we re-list
          }
          changed();
        },
        () => {
          if (!settled) listAndWatch().catch(fail);
        },
      );
      if (settled) activeWatch.abort();
    };
    if (options.signal?.aborted) finish(abortError());
    else listAndWatch().catch(fail);
  });
}
