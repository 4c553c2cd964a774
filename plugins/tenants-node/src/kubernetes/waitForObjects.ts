import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { loadKubernetesClient } from './loadKubernetesClient';
import { makeSharedDiscoveryObjectApi } from './sharedDiscovery';
import { retryPause, transientApiErrorReason } from './transientApiErrors';

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
  /**
   * Called when the API server stops answering (down, unreachable or
   * overloaded). The wait keeps trying to list and watch again until its
   * deadline; errors that are not transient still end it at once.
   */
  onConnectionLost?: (reason: string) => void;
  /** Called when the API server answers again after onConnectionLost. */
  onReconnected?: (downForMs: number) => void;
}

/** Thrown when objects did not reach the awaited state before the deadline. @public */
export class WaitTimeoutError extends Error {
  name = 'WaitTimeoutError';
}

const keyOf = (obj: KubernetesObject) =>
  `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

/**
 * Waits for a set of objects to reach a state: lists them once, then follows a
 * watch from that resource version, re-listing whenever the watch ends (server
 * timeout, 410 Gone). Never polls on a timer: only while the API server does
 * not answer does it retry, with a growing pause, until the deadline.
 *
 * @public
 */
export async function waitForObjects<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
  options: WaitForObjectsOptions<T>,
): Promise<T[]> {
  const { Watch } = await loadKubernetesClient();
  const api = await makeSharedDiscoveryObjectApi(kubeConfig);
  const path = await api.listPath({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { namespace: ref.namespace },
  });
  const describe =
    options.describe ?? (objects => `${objects.length} ${ref.kind} object(s)`);
  const current = new Map<string, T>();
  const snapshot = () => [...current.values()];

  let settled = false;
  let activeWatch: AbortController | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let outage: { since: number; reason: string; attempts: number } | undefined;

  return new Promise<T[]>((resolve, reject) => {
    const listeners = new AbortController();
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      listeners.abort();
      activeWatch?.abort();
      clearTimeout(retryTimer);
      if (error) reject(error);
      else resolve(snapshot());
    };
    const changed = () => {
      const objects = snapshot();
      options.onChange?.(objects);
      if (options.until(objects)) finish();
    };
    const abortError = () =>
      new Error(`Stopped waiting for ${ref.kind} objects: aborted`);
    const timeoutError = () => {
      const seconds = Math.round(options.timeoutMs / 1000);
      const unreachable = outage
        ? `the cluster's API server has not answered for ${Math.round(
            (Date.now() - outage.since) / 1000,
          )}s (${outage.reason}); last observed: `
        : '';
      return new WaitTimeoutError(
        `Timed out after ${seconds}s waiting for ${
          ref.kind
        } objects: ${unreachable}${describe(snapshot())}`,
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
      if (outage) {
        const downForMs = Date.now() - outage.since;
        outage = undefined;
        options.onReconnected?.(downForMs);
      }
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
          if (!settled) start();
        },
      );
      if (settled) activeWatch.abort();
    };
    const retryLater = (error: unknown) => {
      const reason = transientApiErrorReason(error);
      if (reason === undefined) {
        finish(error as Error);
        return;
      }
      if (!outage) {
        outage = { since: Date.now(), reason, attempts: 0 };
        options.onConnectionLost?.(reason);
      }
      outage.reason = reason;
      retryTimer = setTimeout(start, retryPause(outage.attempts++));
    };
    function start() {
      if (!settled) listAndWatch().catch(retryLater);
    }
    if (options.signal?.aborted) finish(abortError());
    else start();
  });
}
