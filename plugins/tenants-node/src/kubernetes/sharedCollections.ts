import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import {
  followCollection,
  type CollectionReference,
  type CollectionSink,
} from './followCollection';

/**
 * How long a collection is still followed after its last subscriber left, so
 * that the next phase of the same tenant finds it followed already.
 */
const LINGER_MS = 20_000;

interface SharedCollection {
  sinks: Set<CollectionSink<KubernetesObject>>;
  objects?: KubernetesObject[];
  lostReason?: string;
  stop?: Promise<(() => void) | undefined>;
  lingerTimer?: NodeJS.Timeout;
}

const collections = new Map<string, SharedCollection>();

// Hashed: the user's entry may hold a token or a client key.
function collectionKey(kubeConfig: KubeConfig, ref: CollectionReference) {
  return createHash('sha256')
    .update(
      JSON.stringify([
        kubeConfig.getCurrentCluster()?.server,
        kubeConfig.getCurrentUser(),
        ref.apiVersion,
        ref.kind,
        ref.namespace,
        ref.labelSelector,
        ref.fieldSelector,
      ]),
    )
    .digest('hex');
}

function forget(key: string, collection: SharedCollection) {
  if (collections.get(key) === collection) collections.delete(key);
  clearTimeout(collection.lingerTimer);
  collection.stop?.then(stop => stop?.());
}

function start(
  key: string,
  kubeConfig: KubeConfig,
  ref: CollectionReference,
): SharedCollection {
  const collection: SharedCollection = { sinks: new Set() };
  collection.stop = followCollection(kubeConfig, ref, {
    onObjects: objects => {
      collection.objects = objects;
      for (const sink of collection.sinks) sink.onObjects(objects);
    },
    onConnectionLost: reason => {
      collection.lostReason = reason;
      for (const sink of collection.sinks) sink.onConnectionLost?.(reason);
    },
    onReconnected: downForMs => {
      collection.lostReason = undefined;
      for (const sink of collection.sinks) sink.onReconnected?.(downForMs);
    },
    onError: error => {
      forget(key, collection);
      for (const sink of collection.sinks) sink.onError(error);
    },
  }).catch(error => {
    forget(key, collection);
    for (const sink of collection.sinks) sink.onError(error);
    return undefined;
  });
  return collection;
}

/**
 * Follows a set of objects (see {@link followCollection}) on behalf of every
 * subscriber in this process that asks for the same set on the same cluster
 * as the same user: one watch for all of them instead of one each. A new
 * subscriber is told the current objects at once when they are known. The
 * watch stops {@link LINGER_MS} after the last subscriber left.
 *
 * What a subscriber is told may lag behind a write it made a moment ago (the
 * watch event is on its way), so it must tell a stale object from a current
 * one itself, e.g. by `metadata.generation`. Returns the unsubscribe function.
 */
export function subscribeToCollection<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
  sink: CollectionSink<T>,
): () => void {
  const key = collectionKey(kubeConfig, ref);
  let collection = collections.get(key);
  if (!collection) {
    collection = start(key, kubeConfig, ref);
    collections.set(key, collection);
  }
  const shared = collection;
  clearTimeout(shared.lingerTimer);
  const subscriber = sink as CollectionSink<KubernetesObject>;
  shared.sinks.add(subscriber);
  queueMicrotask(() => {
    if (!shared.sinks.has(subscriber)) return;
    if (shared.lostReason) subscriber.onConnectionLost?.(shared.lostReason);
    if (shared.objects) subscriber.onObjects(shared.objects);
  });
  return () => {
    if (!shared.sinks.delete(subscriber) || shared.sinks.size > 0) return;
    shared.lingerTimer = setTimeout(() => forget(key, shared), LINGER_MS);
    shared.lingerTimer.unref();
  };
}

/**
 * The objects of a collection as its shared watch knows them (see
 * {@link subscribeToCollection}), or as one new watch streams them when no one
 * follows the collection. Fails when the API server does not answer.
 */
export function currentObjects<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: CollectionReference,
): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    // Subscribers are told in a later microtask, never during the subscribe.
    const subscription: { done?: boolean; leave?: () => void } = {};
    const settle = (finish: () => void) => {
      if (subscription.done) return;
      subscription.done = true;
      finish();
      subscription.leave?.();
    };
    subscription.leave = subscribeToCollection<T>(kubeConfig, ref, {
      onObjects: objects => settle(() => resolve(objects)),
      onConnectionLost: reason =>
        settle(() =>
          reject(
            new Error(`the cluster's API server did not answer: ${reason}`),
          ),
        ),
      onError: error => settle(() => reject(error)),
    });
  });
}
