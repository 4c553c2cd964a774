import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  describeKubernetesError,
  isKindNotServed,
  isNotFound,
} from './describeKubernetesError';
import { loadKubernetesClient } from './loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from './waitForObjects';

/** A kind of object to tear down. @public */
export interface TeardownKind {
  apiVersion: string;
  kind: string;
}

/** @public */
export interface DeleteLabelledObjectsOptions {
  /** Only objects matching this label selector are touched, e.g. `tenants.dev/tenant=acme`. */
  labelSelector: string;
  /** Kinds to delete, in the order to delete them (newest phase first). */
  kinds: TeardownKind[];
  /** Restrict namespaced kinds to one namespace; omit to look in all namespaces. */
  namespace?: string;
  /** Deadline for each kind's objects to disappear. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Progress for logs, e.g. `deleting 3 deployment(s)` or `2 pod(s) still terminating`. */
  onProgress?: (message: string) => void;
}

/** What a teardown left behind; empty `remaining` means the teardown is complete. @public */
export interface TeardownResult {
  deleted: string[];
  remaining: string[];
}

const describeObject = (obj: KubernetesObject, kind: string) =>
  `${kind.toLowerCase()}/${obj.metadata?.name}${
    obj.metadata?.namespace ? ` in ${obj.metadata.namespace}` : ''
  }`;

/**
 * Deletes every object carrying the given labels, kind by kind, waits (by
 * watching) until each kind is gone, and lists what remains. Idempotent:
 * running it again after success deletes nothing and reports nothing remaining.
 * Kinds the cluster does not serve are skipped.
 *
 * @public
 */
export async function deleteLabelledObjects(
  kubeConfig: KubeConfig,
  options: DeleteLabelledObjectsOptions,
): Promise<TeardownResult> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const result: TeardownResult = { deleted: [], remaining: [] };
  const listLabelled = async (apiVersion: string, kind: string) =>
    (
      await api.list(
        apiVersion,
        kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        options.labelSelector,
      )
    ).items;

  for (const { apiVersion, kind } of options.kinds) {
    options.signal?.throwIfAborted();
    let items: KubernetesObject[];
    try {
      items = await listLabelled(apiVersion, kind);
    } catch (error) {
      if (isKindNotServed(error)) continue;
      throw new Error(describeKubernetesError(error, `listing ${kind}`));
    }
    if (items.length === 0) continue;

    options.onProgress?.(`deleting ${items.length} ${kind.toLowerCase()}(s)`);
    for (const item of items) {
      const header = {
        apiVersion,
        kind,
        metadata: {
          name: item.metadata!.name!,
          namespace: item.metadata?.namespace,
        },
      };
      try {
        await api.delete(
          header,
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        );
        result.deleted.push(describeObject(item, kind));
      } catch (error) {
        if (!isNotFound(error)) {
          throw new Error(
            describeKubernetesError(error, describeObject(item, kind)),
          );
        }
      }
    }

    try {
      await waitForObjects(
        kubeConfig,
        {
          apiVersion,
          kind,
          namespace: options.namespace,
          labelSelector: options.labelSelector,
        },
        {
          until: objects => objects.length === 0,
          onChange: objects => {
            if (objects.length > 0) {
              options.onProgress?.(
                `${objects.length} ${kind.toLowerCase()}(s) still terminating`,
              );
            }
          },
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        },
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      const left = await listLabelled(apiVersion, kind);
      result.remaining.push(...left.map(obj => describeObject(obj, kind)));
    }
  }
  return result;
}
