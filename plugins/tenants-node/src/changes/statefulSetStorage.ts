import type {
  KubeConfig,
  KubernetesObject,
  V1PersistentVolumeClaim,
  V1PersistentVolumeClaimTemplate,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  describeKubernetesError,
  isNotFound,
} from '../kubernetes/describeKubernetesError';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from '../kubernetes/waitForObjects';
import { compareQuantities } from './quantity';

/** @public */
export interface PrepareStatefulSetStorageOptions {
  /** Field manager recorded on the claims' storage requests. */
  fieldManager: string;
  /** Deadline for the volume expansions, and for each StatefulSet to be deleted. */
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** @public */
export interface StatefulSetStorageResult {
  /** `statefulset/name` deleted with its pods orphaned, for apply to re-create with the new claim templates. */
  recreated: string[];
  /** `persistentvolumeclaim/name: 50Gi → 200Gi`, claims whose storage request was raised. */
  expanded: string[];
  /** `persistentvolumeclaim/name: 200Gi`, claims larger than the new template, left as they are. */
  kept: string[];
}

/** A claim template as a StatefulSet holds it (the client types it as a claim). @public */
export type ClaimTemplate = Pick<
  V1PersistentVolumeClaimTemplate,
  'metadata'
> & {
  spec?: V1PersistentVolumeClaimTemplate['spec'];
};

const storageOf = (template: { spec?: { resources?: any } } | undefined) =>
  template?.spec?.resources?.requests?.storage as string | undefined;

/** Why the live claim templates differ from the rendered ones, or undefined when they do not. @public */
export function claimTemplateDifference(
  live: ClaimTemplate[],
  desired: ClaimTemplate[],
): string | undefined {
  const names = (templates: ClaimTemplate[]) =>
    templates
      .map(t => t.metadata?.name)
      .sort()
      .join(',');
  if (names(live) !== names(desired)) {
    return `claim templates ${names(live) || 'none'} → ${
      names(desired) || 'none'
    }`;
  }
  const differences: string[] = [];
  for (const want of desired) {
    const have = live.find(t => t.metadata?.name === want.metadata?.name)!;
    const name = want.metadata?.name;
    const [from, to] = [storageOf(have), storageOf(want)];
    if (from && to && compareQuantities(from, to) !== 0) {
      differences.push(`${name} storage ${from} → ${to}`);
    }
    const wantClass = want.spec?.storageClassName;
    if (wantClass && wantClass !== have.spec?.storageClassName) {
      differences.push(
        `${name} storage class ${
          have.spec?.storageClassName ?? 'default'
        } → ${wantClass}`,
      );
    }
    const modes = (t: ClaimTemplate) =>
      [...(t.spec?.accessModes ?? [])].sort().join(',');
    if (modes(want) && modes(want) !== modes(have)) {
      differences.push(`${name} access modes ${modes(have)} → ${modes(want)}`);
    }
  }
  return differences.length ? differences.join(', ') : undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The claims a StatefulSet made from a template: `<template>-<statefulset>-<ordinal>`. */
function claimsOf(
  claims: V1PersistentVolumeClaim[],
  statefulSet: string,
  template: string,
): V1PersistentVolumeClaim[] {
  const pattern = new RegExp(
    `^${escape(template)}-${escape(statefulSet)}-\\d+$`,
  );
  return claims.filter(c => pattern.test(c.metadata?.name ?? ''));
}

const INFEASIBLE = ['ControllerResizeInfeasible', 'NodeResizeInfeasible'];

/** Whether a claim's expansion is done as far as the control plane goes, or why it cannot be. */
function expansionState(
  claim: V1PersistentVolumeClaim,
  target: string,
): 'done' | 'pending' | { failed: string } {
  const status = claim.status as any;
  const resizeStatus = status?.allocatedResourceStatuses?.storage;
  if (INFEASIBLE.includes(resizeStatus)) {
    return { failed: `expansion to ${target} is infeasible (${resizeStatus})` };
  }
  const capacity = status?.capacity?.storage;
  if (capacity && compareQuantities(capacity, target) >= 0) return 'done';
  // The volume grew; the file system grows when the node next mounts it (online for most drivers).
  const fsPending = (status?.conditions ?? []).some(
    (c: any) => c.type === 'FileSystemResizePending' && c.status === 'True',
  );
  return fsPending ? 'done' : 'pending';
}

/**
 * Makes a storage change of StatefulSets applicable. A StatefulSet's
 * `volumeClaimTemplates` are immutable, so server-side apply of a new volume
 * size is refused. What operators do in production (and what this does):
 *
 * 1. raise the storage request of each existing claim of the StatefulSet
 *    (online volume expansion; the StorageClass must allow it) and wait until
 *    the control plane reports the new capacity (or only the file system
 *    resize on the node is left). Claims are never shrunk: a smaller template
 *    (a tier downgrade) leaves the existing volumes as they are;
 * 2. delete the StatefulSet with `propagationPolicy: Orphan`: its pods and
 *    claims keep running, nothing restarts;
 * 3. the caller then applies the rendered StatefulSet, which is created with
 *    the new claim templates and adopts the running pods (same selector);
 *    new replicas get claims of the new size, and a changed pod template
 *    rolls out as usual.
 *
 * Claims are expanded before anything is deleted, so a refused expansion
 * (e.g. a StorageClass without `allowVolumeExpansion`) fails with nothing
 * changed. A StatefulSet that does not exist yet, or whose claim templates
 * did not change, is left to apply. Idempotent: after an interruption
 * between deletion and apply, the StatefulSet is simply created again.
 *
 * @public
 */
export async function prepareStatefulSetStorage(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
  options: PrepareStatefulSetStorageOptions,
): Promise<StatefulSetStorageResult> {
  const { KubernetesObjectApi, PatchStrategy } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const result: StatefulSetStorageResult = {
    recreated: [],
    expanded: [],
    kept: [],
  };
  const progress = (message: string) => options.onProgress?.(message);

  for (const desired of objects.filter(
    (o): o is V1StatefulSet => o.kind === 'StatefulSet',
  )) {
    options.signal?.throwIfAborted();
    const name = desired.metadata!.name!;
    const namespace = desired.metadata!.namespace!;
    const ref = `statefulset/${name}`;
    let live: V1StatefulSet;
    try {
      live = (await api.read({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, namespace },
      })) as V1StatefulSet;
    } catch (error) {
      if (isNotFound(error)) continue;
      throw new Error(describeKubernetesError(error, ref));
    }
    const desiredTemplates = desired.spec?.volumeClaimTemplates ?? [];
    const difference = claimTemplateDifference(
      live.spec?.volumeClaimTemplates ?? [],
      desiredTemplates,
    );
    if (!difference) continue;
    progress(
      `${ref}: volume claim templates change (${difference}); they are immutable, so its volumes are expanded and it is re-created`,
    );

    const claims = (
      await api.list<V1PersistentVolumeClaim>(
        'v1',
        'PersistentVolumeClaim',
        namespace,
      )
    ).items;
    const expanding = new Map<string, string>();
    for (const template of desiredTemplates) {
      const target = storageOf(template);
      if (!target) continue;
      for (const claim of claimsOf(claims, name, template.metadata!.name!)) {
        const claimName = claim.metadata!.name!;
        const claimRef = `persistentvolumeclaim/${claimName}`;
        const current = storageOf(claim);
        const comparison = current ? compareQuantities(target, current) : 1;
        if (comparison === 0) continue;
        if (comparison < 0) {
          result.kept.push(`${claimRef}: ${current}`);
          progress(
            `${claimRef} stays at ${current}: volumes are never shrunk (new replicas get ${target})`,
          );
          continue;
        }
        try {
          await api.patch(
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: claimName, namespace },
              spec: { resources: { requests: { storage: target } } },
            },
            undefined,
            undefined,
            options.fieldManager,
            undefined,
            PatchStrategy.MergePatch,
          );
        } catch (error) {
          const code = (error as { code?: number }).code;
          throw new Error(
            `${describeKubernetesError(
              error,
              `expanding ${claimRef} to ${target}`,
            )}${
              code === 403 || code === 422
                ? `; its StorageClass (${
                    claim.spec?.storageClassName ?? 'default'
                  }) must allow volume expansion (allowVolumeExpansion: true) and the quota must leave room for the new size`
                : ''
            }`,
          );
        }
        expanding.set(claimName, target);
        result.expanded.push(`${claimRef}: ${current} → ${target}`);
        progress(`${claimRef}: storage request ${current} → ${target}`);
      }
    }

    if (expanding.size > 0) {
      await waitForExpansions(kubeConfig, namespace, expanding, options);
    }

    try {
      await api.delete(
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name, namespace },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        'Orphan',
      );
    } catch (error) {
      if (!isNotFound(error)) {
        throw new Error(describeKubernetesError(error, `deleting ${ref}`));
      }
    }
    await waitForObjects(
      kubeConfig,
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        namespace,
        fieldSelector: `metadata.name=${name}`,
      },
      {
        until: found => found.length === 0,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      },
    );
    result.recreated.push(ref);
    progress(
      `${ref} deleted with its pods orphaned (they keep running); it is re-created with the new claim templates and adopts them`,
    );
  }
  return result;
}

async function waitForExpansions(
  kubeConfig: KubeConfig,
  namespace: string,
  expanding: Map<string, string>,
  options: PrepareStatefulSetStorageOptions,
) {
  let failure: string | undefined;
  let last = '';
  const pendingOf = (claims: V1PersistentVolumeClaim[]) =>
    [...expanding].filter(([name, target]) => {
      const claim = claims.find(c => c.metadata?.name === name);
      const state = claim ? expansionState(claim, target) : 'pending';
      if (typeof state === 'object') {
        failure = `persistentvolumeclaim/${name}: ${state.failed}`;
      }
      return state !== 'done';
    });
  const describe = (claims: V1PersistentVolumeClaim[]) =>
    pendingOf(claims)
      .map(([name, target]) => {
        const claim = claims.find(c => c.metadata?.name === name);
        const capacity = (claim?.status as any)?.capacity?.storage ?? 'unknown';
        return `persistentvolumeclaim/${name} at ${capacity} of ${target}`;
      })
      .join(', ');
  try {
    await waitForObjects<V1PersistentVolumeClaim>(
      kubeConfig,
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace },
      {
        until: claims =>
          failure !== undefined || pendingOf(claims).length === 0,
        onChange: claims => {
          const message = describe(claims);
          if (message && message !== last) {
            last = message;
            options.onProgress?.(`Waiting for volume expansion: ${message}`);
          }
        },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        describe,
      },
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      throw new Error(`Volume expansion did not finish: ${error.message}`);
    }
    throw error;
  }
  if (failure) throw new Error(failure);
  options.onProgress?.(
    `Volume expansion done for ${[...expanding.keys()]
      .map(n => `persistentvolumeclaim/${n}`)
      .join(', ')}`,
  );
}
