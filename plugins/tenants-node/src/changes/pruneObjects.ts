import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  describeKubernetesError,
  isNotFound,
} from '../kubernetes/describeKubernetesError';
import { describeObject, listKind } from '../kubernetes/listLabelledObjects';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from '../kubernetes/waitForObjects';
import { objectIdentity } from './planTenantChange';

/** @public */
export interface PruneObjectsOptions {
  /** Only objects matching it are candidates, e.g. the tenant's and the phase's labels. */
  labelSelector: string;
  /** Namespace of the candidates. */
  namespace: string;
  /** The objects to keep: the phase's new render. */
  keep: KubernetesObject[];
  /** Kinds to look at (the kinds of the phase's old and new render). */
  kinds: Array<{ apiVersion: string; kind: string }>;
  /** Deadline for the pruned objects to disappear. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** e.g. `deployment/bi-platform deleted` */
  onProgress?: (message: string) => void;
}

/** Kinds that hold data or everything else: never pruned. */
const NEVER_PRUNED = new Set(['Namespace', 'PersistentVolumeClaim']);

/**
 * Deletes the objects that carry the given labels but are not in `keep` (a
 * phase's new render no longer contains them), kind by kind, and waits (by
 * watching) until they are gone. Objects without the labels are never
 * touched; Namespaces and PersistentVolumeClaims are never pruned. Returns
 * `kind/name` of each deleted object. Idempotent.
 *
 * @public
 */
export async function pruneObjects(
  kubeConfig: KubeConfig,
  options: PruneObjectsOptions,
): Promise<string[]> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const kept = new Set(options.keep.map(objectIdentity));
  const seen = new Set<string>();
  const pruned: string[] = [];

  for (const { apiVersion, kind } of options.kinds) {
    if (NEVER_PRUNED.has(kind) || seen.has(`${apiVersion}/${kind}`)) continue;
    seen.add(`${apiVersion}/${kind}`);
    options.signal?.throwIfAborted();
    const items = (
      (await listKind(
        api,
        { apiVersion, kind },
        options.labelSelector,
        options.namespace,
      )) ?? []
    )
      .map(item => ({ ...item, apiVersion, kind }))
      .filter(item => !kept.has(objectIdentity(item)));
    if (items.length === 0) continue;

    for (const item of items) {
      const ref = describeObject(item, kind);
      try {
        await api.delete(
          {
            apiVersion,
            kind,
            metadata: {
              name: item.metadata!.name!,
              namespace: item.metadata?.namespace,
            },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        );
        pruned.push(`${kind.toLowerCase()}/${item.metadata!.name}`);
        options.onProgress?.(`${ref} deleted (no longer rendered)`);
      } catch (error) {
        if (!isNotFound(error)) {
          throw new Error(describeKubernetesError(error, `pruning ${ref}`));
        }
      }
    }

    const names = new Set(items.map(i => i.metadata!.name!));
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
          until: objects =>
            !objects.some(o => names.has(o.metadata?.name ?? '')),
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          describe: objects =>
            `still there: ${objects
              .filter(o => names.has(o.metadata?.name ?? ''))
              .map(o => describeObject(o, kind))
              .join(', ')}`,
        },
      );
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        throw new Error(`Pruning did not finish: ${error.message}`);
      }
      throw error;
    }
  }
  return pruned;
}
