import type { KubeConfig } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  deleteLabelledObjects,
  type TeardownKind,
} from '../kubernetes/deleteLabelledObjects';
import { listLabelledObjects } from '../kubernetes/listLabelledObjects';
import { createRenderContext, type RenderContext } from '../render/context';
import { tenantSelector } from '../render/labels';
import { teardownKinds } from './teardownKinds';

/** @public */
export interface TeardownTenantOptions {
  spec: TenantSpec;
  /** Render options of the tenant's phases; only the kinds they render matter here. */
  renderContext?: RenderContext;
  /** Deadline for each kind's objects to disappear. */
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** @public */
export interface TenantTeardownResult {
  /** `kind/name` of every object deleted. */
  deleted: string[];
  /** `kind/name` of every object with the tenant's labels still there afterwards, found by listing. */
  remaining: string[];
}

/** Pods are deleted with their workloads and namespace; the proof still looks for them. */
const PROOF_ONLY_KINDS: TeardownKind[] = [{ apiVersion: 'v1', kind: 'Pod' }];

/**
 * Deletes every object carrying the tenant's labels, newest phase first and
 * the Namespace last, waits until each kind is gone, then lists every kind
 * once more so that `remaining` is what the API server reports, not what the
 * deletion assumed. Idempotent.
 *
 * @public
 */
export async function teardownTenant(
  kubeConfig: KubeConfig,
  options: TeardownTenantOptions,
): Promise<TenantTeardownResult> {
  const labelSelector = tenantSelector(options.spec.details.slug);
  const kinds = teardownKinds(
    options.spec,
    options.renderContext ?? createRenderContext(),
  );
  const { deleted } = await deleteLabelledObjects(kubeConfig, {
    labelSelector,
    kinds,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const remaining = await listLabelledObjects(kubeConfig, labelSelector, [
    ...kinds,
    ...PROOF_ONLY_KINDS,
  ]);
  return { deleted, remaining };
}
