import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { describeKubernetesError, isNotFound } from './describeKubernetesError';
import { loadKubernetesClient } from './loadKubernetesClient';

/** What server-side apply did to an object. @public */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

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
}

/** Thrown when the API server refuses an object; the message names it and says why. @public */
export class ApplyError extends Error {
  name = 'ApplyError';
}

// A dry run does not bump resourceVersion, so it compares what apply manages.
function managedContent(obj: KubernetesObject): string {
  const { metadata, status, ...rest } = obj as KubernetesObject & {
    status?: unknown;
  };
  return JSON.stringify({
    ...rest,
    labels: metadata?.labels,
    annotations: metadata?.annotations,
  });
}

function outcomeOf(
  existing: KubernetesObject | undefined,
  applied: KubernetesObject,
  dryRun: boolean,
): ApplyOutcome {
  if (!existing) return 'created';
  const same = dryRun
    ? managedContent(existing) === managedContent(applied)
    : existing.metadata?.resourceVersion === applied.metadata?.resourceVersion;
  return same ? 'unchanged' : 'configured';
}

const refOf = (obj: KubernetesObject) =>
  `${(obj.kind ?? 'object').toLowerCase()}/${obj.metadata?.name ?? ''}`;

/**
 * Applies objects in order with server-side apply (forcing ownership of the
 * fields this field manager sets) and reports for each whether it was created,
 * configured or left unchanged.
 *
 * @public
 */
export async function applyObjects(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
  options: ApplyObjectsOptions,
): Promise<AppliedObject[]> {
  const { KubernetesObjectApi, PatchStrategy } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const dryRun = options.dryRun ? 'All' : undefined;
  const results: AppliedObject[] = [];

  for (const desired of objects) {
    options.signal?.throwIfAborted();
    const ref = refOf(desired);
    const header = {
      apiVersion: desired.apiVersion!,
      kind: desired.kind!,
      metadata: {
        name: desired.metadata!.name!,
        namespace: desired.metadata?.namespace,
      },
    };
    try {
      const existing = await api.read(header).catch(error => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      const applied = await api.patch(
        desired,
        undefined,
        dryRun,
        options.fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      );
      const result: AppliedObject = {
        ref,
        namespace: desired.metadata?.namespace,
        outcome: outcomeOf(existing, applied, !!dryRun),
        object: applied,
      };
      results.push(result);
      options.onApplied?.(result);
    } catch (error) {
      const where = desired.metadata?.namespace
        ? `${ref} in namespace ${desired.metadata.namespace}`
        : ref;
      throw new ApplyError(describeKubernetesError(error, where, header));
    }
  }
  return results;
}
