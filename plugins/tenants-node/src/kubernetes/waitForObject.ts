import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { loadKubernetesClient } from './loadKubernetesClient';

/** Identifies one object to watch. @public */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** @public */
export interface WaitForObjectOptions<T extends KubernetesObject> {
  /** Decides from the latest state (undefined once the object is gone) whether the wait is over. */
  until: (obj: T | undefined) => boolean;
  /** Called on every observed state, for progress logging. */
  onChange?: (obj: T | undefined) => void;
  /** Deadline for the whole wait; the error then names the last observed state. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Describes the last observed state for the timeout error. */
  describe?: (obj: T | undefined) => string;
}

/** Thrown when an object did not reach the awaited state before the deadline. @public */
export class WaitTimeoutError extends Error {
  name = 'WaitTimeoutError';
}

async function collectionPath(
  kubeConfig: KubeConfig,
  ref: ObjectReference,
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

/**
 * Waits for an object to reach a state by listing it once and then following a
 * watch from that resource version, re-listing when the watch ends. Never polls
 * on a timer.
 *
 * @public
 */
export async function waitForObject<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: ObjectReference,
  options: WaitForObjectOptions<T>,
): Promise<T | undefined> {
  const { KubernetesObjectApi, Watch } = await loadKubernetesClient();
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const path = await collectionPath(kubeConfig, ref);
  const fieldSelector = `metadata.name=${ref.name}`;
  const describe = options.describe ?? (obj => (obj ? 'present' : 'absent'));

  let latest: T | undefined;
  let settled = false;
  let activeWatch: AbortController | undefined;

  return new Promise<T | undefined>((resolve, reject) => {
    const listeners = new AbortController();
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      listeners.abort();
      activeWatch?.abort();
      if (error) reject(error);
      else resolve(latest);
    };
    const observe = (obj: T | undefined) => {
      latest = obj;
      options.onChange?.(obj);
      if (options.until(obj)) finish();
    };
    const abortError = () =>
      new Error(`Stopped waiting for ${ref.kind} ${ref.name}: aborted`);
    options.signal?.addEventListener('abort', () => finish(abortError()), {
      signal: listeners.signal,
    });
    const timeoutError = () => {
      const seconds = Math.round(options.timeoutMs / 1000);
      const target = `${ref.kind.toLowerCase()}/${ref.name}`;
      return new WaitTimeoutError(
        `Timed out after ${seconds}s waiting for ${target}: ${describe(
          latest,
        )}`,
      );
    };
    AbortSignal.timeout(options.timeoutMs).addEventListener(
      'abort',
      () => finish(timeoutError()),
      { signal: listeners.signal },
    );

    const listAndWatch = async (): Promise<void> => {
      const list = await objects.list<T>(
        ref.apiVersion,
        ref.kind,
        ref.namespace,
        undefined,
        undefined,
        undefined,
        fieldSelector,
      );
      if (settled) return;
      // List items come without apiVersion/kind; readiness rules need the kind.
      const item = list.items[0];
      observe(
        item
          ? ({ ...item, apiVersion: ref.apiVersion, kind: ref.kind } as T)
          : undefined,
      );
      if (settled) return;
      activeWatch = await new Watch(kubeConfig).watch(
        path,
        {
          fieldSelector,
          resourceVersion: list.metadata?.resourceVersion,
          allowWatchBookmarks: true,
        },
        (type, obj) => {
          if (type === 'BOOKMARK') return;
          if (type === 'ERROR') return; // e.g. 410 Gone: the watch ends and we re-list
          observe(type === 'DELETED' ? undefined : (obj as T));
        },
        () => {
          if (!settled) listAndWatch().catch(err => finish(err));
        },
      );
      if (settled) activeWatch.abort();
    };
    if (options.signal?.aborted) finish(abortError());
    else listAndWatch().catch(err => finish(err));
  });
}
