import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { followCollection, type CollectionReference } from './followCollection';

export type { CollectionReference } from './followCollection';

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

/**
 * Waits for a set of objects to reach a state, by following them: one watch
 * that streams the current objects and then their changes (a list and then a
 * watch on API servers that cannot stream the list), started again whenever
 * it ends. Never polls on a timer: only while the API server does not answer
 * does it retry, with a growing pause, until the deadline.
 *
 * @public
 */
export async function waitForObjects<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
  options: WaitForObjectsOptions<T>,
): Promise<T[]> {
  const describe =
    options.describe ?? (objects => `${objects.length} ${ref.kind} object(s)`);
  let latest: T[] = [];
  let outage: { since: number; reason: string } | undefined;
  let settled = false;
  let stopFollowing: (() => void) | undefined;

  return new Promise<T[]>((resolve, reject) => {
    const listeners = new AbortController();
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      listeners.abort();
      stopFollowing?.();
      if (error) reject(error);
      else resolve(latest);
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
        } objects: ${unreachable}${describe(latest)}`,
      );
    };
    if (options.signal?.aborted) {
      finish(abortError());
      return;
    }
    options.signal?.addEventListener('abort', () => finish(abortError()), {
      signal: listeners.signal,
    });
    AbortSignal.timeout(options.timeoutMs).addEventListener(
      'abort',
      () => finish(timeoutError()),
      { signal: listeners.signal },
    );
    followCollection<T>(kubeConfig, ref, {
      onObjects: objects => {
        if (settled) return;
        latest = objects;
        options.onChange?.(objects);
        if (options.until(objects)) finish();
      },
      onConnectionLost: reason => {
        outage = { since: Date.now(), reason };
        options.onConnectionLost?.(reason);
      },
      onReconnected: downForMs => {
        outage = undefined;
        options.onReconnected?.(downForMs);
      },
      onError: finish,
    }).then(
      stop => {
        stopFollowing = stop;
        if (settled) stop();
      },
      error => finish(error),
    );
  });
}
