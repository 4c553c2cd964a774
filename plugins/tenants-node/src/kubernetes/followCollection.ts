import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { clusterUserKey } from './clusterUserKey';
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

/** What a followed collection tells its follower. */
export interface CollectionSink<T extends KubernetesObject> {
  /** The whole set, after the first complete listing and after every change. */
  onObjects(objects: T[]): void;
  /** The API server stopped answering; following resumes when it answers. */
  onConnectionLost?(reason: string): void;
  /** The API server answers again after onConnectionLost. */
  onReconnected?(downForMs: number): void;
  /** A refusal that retrying cannot fix (403, 404, ...); following has stopped. */
  onError(error: Error): void;
}

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

// Clusters whose API server refused a watch that streams the initial list
// (the WatchList feature turned off); they get a list, then a watch.
const withoutWatchList = new Set<string>();

const keyOf = (obj: KubernetesObject) =>
  `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

/** A watch the API server answered with an HTTP error instead of events. */
class WatchRefusedError extends Error {
  constructor(readonly code: number, statusText: string) {
    super(`watch refused: HTTP ${code} ${statusText}`);
  }
}

const isWatchListRefusal = (error: unknown) =>
  error instanceof WatchRefusedError && [400, 422].includes(error.code);

/**
 * Why a watch ended, when following has to pause or stop: the API server
 * refused it or could not be reached. Undefined for a watch that simply
 * ended (server timeout, inactivity, connection closed): it starts again.
 */
function watchFailure(error: unknown): Error | undefined {
  const status = (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number') {
    return new WatchRefusedError(status, (error as Error).message);
  }
  return error && transientApiErrorReason(error) !== undefined
    ? (error as Error)
    : undefined;
}

/**
 * Follows a set of objects: one watch that streams the current objects, then
 * their changes (`sendInitialEvents`, one request instead of a list and a
 * watch), or a list and then a watch from its resource version on API servers
 * without that feature. Starts again whenever the watch ends (server timeout,
 * 410 Gone). Never polls on a timer: only while the API server does not answer
 * does it retry, with a growing pause. Returns the function that stops it.
 */
export async function followCollection<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
  sink: CollectionSink<T>,
): Promise<() => void> {
  const { Watch } = await loadKubernetesClient();
  const api = await makeSharedDiscoveryObjectApi(kubeConfig);
  const path = await api.listPath({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { namespace: ref.namespace },
  });
  const cluster = clusterUserKey(kubeConfig);
  const current = new Map<string, T>();
  // List items and watch events of some API servers come without apiVersion
  // and kind; readiness rules need the kind.
  const withKind = (obj: T): T => ({
    ...obj,
    apiVersion: ref.apiVersion,
    kind: ref.kind,
  });

  let stopped = false;
  let activeWatch: AbortController | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let outage: { since: number; reason: string; attempts: number } | undefined;

  const stop = () => {
    stopped = true;
    activeWatch?.abort();
    clearTimeout(retryTimer);
  };
  const answered = () => {
    if (!outage) return;
    const downForMs = Date.now() - outage.since;
    outage = undefined;
    sink.onReconnected?.(downForMs);
  };
  const publish = () => sink.onObjects([...current.values()]);

  /**
   * One watch, until it ends. Throws when it could not start (the API server
   * refused it or did not answer); a watch that ran and then ended (server
   * timeout, inactivity, the connection broke) just returns.
   */
  const watch = async (
    params: Record<string, string | boolean | undefined>,
    onEvent: (type: string, obj: T) => void,
  ) => {
    let started = false;
    let failed: Error | undefined;
    await new Promise<void>(resolve => {
      new Watch(kubeConfig)
        .watch(
          path,
          {
            fieldSelector: ref.fieldSelector,
            labelSelector: ref.labelSelector,
            allowWatchBookmarks: true,
            ...params,
          },
          onEvent,
          (error: unknown) => {
            if (!started) failed = watchFailure(error);
            resolve();
          },
        )
        .then(
          controller => {
            started = true;
            activeWatch = controller;
            if (stopped) controller.abort();
          },
          // Failed before sending, e.g. the credentials could not be made.
          (error: Error) => {
            failed = error;
            resolve();
          },
        );
    });
    if (failed && !stopped) throw failed;
  };

  const streamAndWatch = async () => {
    const streamed = new Map<string, T>();
    let synced = false;
    await watch(
      { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
      (type, obj) => {
        if (stopped) return;
        if (type === 'BOOKMARK') {
          if (obj.metadata?.annotations?.[INITIAL_EVENTS_END] !== 'true') {
            return;
          }
          synced = true;
          answered();
          current.clear();
          for (const [key, value] of streamed) current.set(key, value);
        } else if (type === 'ADDED' || type === 'MODIFIED') {
          (synced ? current : streamed).set(keyOf(obj), withKind(obj));
        } else if (type === 'DELETED') {
          (synced ? current : streamed).delete(keyOf(obj));
        } else {
          return; // ERROR (e.g. 410 Gone): the watch ends and starts again
        }
        if (synced) publish();
      },
    ).catch(error => {
      if (!synced && isWatchListRefusal(error)) {
        withoutWatchList.add(cluster);
        return;
      }
      throw error;
    });
  };

  const listThenWatch = async () => {
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
    if (stopped) return;
    answered();
    current.clear();
    for (const item of list.items) current.set(keyOf(item), withKind(item));
    publish();
    if (stopped) return;
    await watch(
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj) => {
        if (stopped) return;
        if (type === 'ADDED' || type === 'MODIFIED') {
          current.set(keyOf(obj), withKind(obj));
        } else if (type === 'DELETED') {
          current.delete(keyOf(obj));
        } else {
          return; // BOOKMARK, or ERROR after which the watch ends
        }
        publish();
      },
    );
  };

  const retryLater = (error: unknown) => {
    if (stopped) return;
    const reason = transientApiErrorReason(error);
    if (reason === undefined) {
      stop();
      sink.onError(error as Error);
      return;
    }
    if (!outage) {
      outage = { since: Date.now(), reason, attempts: 0 };
      sink.onConnectionLost?.(reason);
    }
    outage.reason = reason;
    retryTimer = setTimeout(start, retryPause(outage.attempts++));
  };
  function start() {
    if (stopped) return;
    const follow = withoutWatchList.has(cluster)
      ? listThenWatch
      : streamAndWatch;
    follow().then(() => {
      if (!stopped) start();
    }, retryLater);
  }
  start();
  return stop;
}
