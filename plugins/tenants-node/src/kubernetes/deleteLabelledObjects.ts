import type { KubeConfig } from '@kubernetes/client-node';
import { describeKubernetesError, isNotFound } from './describeKubernetesError';
import {
  describeObject,
  listKind,
  type LabelledKind,
} from './listLabelledObjects';
import { loadKubernetesClient } from './loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from './waitForObjects';

/** A kind of object to tear down. @public */
export type TeardownKind = LabelledKind;

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
  const listLabelled = (apiVersion: string, kind: string) =>
    listKind(
      api,
      { apiVersion, kind },
      options.labelSelector,
      options.namespace,
    );

  for (const { apiVersion, kind } of options.kinds) {
    options.signal?.throwIfAborted();
    const items = await listLabelled(apiVersion, kind);
    if (!items || items.length === 0) continue;

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
      const left = (await listLabelled(apiVersion, kind)) ?? [];
      result.remaining.push(...left.map(obj => describeObject(obj, kind)));
    }
  }
  return result;
}
