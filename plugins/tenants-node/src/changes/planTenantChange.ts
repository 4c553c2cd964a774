import type { KubernetesObject } from '@kubernetes/client-node';
import {
  RESOURCE_TIERS,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { APPLY_PHASES, type ApplyPhaseId } from '../render/applyPhases';
import type { RenderContext } from '../render/context';
import { renderPhase } from '../render/renderPhase';

/** One phase of a change: what it renders now and what it rendered before. @public */
export interface TenantChangePhase {
  phase: ApplyPhaseId;
  /** The phase's objects for the new spec, in apply order. */
  objects: KubernetesObject[];
  /** The phase's objects for the old spec (to find what to prune). */
  previous: KubernetesObject[];
}

/** @public */
export interface TenantChangePlan {
  /** Phases whose objects differ, in the order to apply them. */
  phases: TenantChangePhase[];
  /** Phases whose objects are the same for both specs. */
  unchanged: ApplyPhaseId[];
  /**
   * The resource tier gets smaller: the namespace phase (quota, default
   * limits) goes last, so that the shrinking workloads' rolling updates are
   * not blocked by a quota their old pods still exceed.
   */
  shrinking: boolean;
}

/** `kind/name` of an object, in logs. @public */
export const objectRef = (obj: KubernetesObject) =>
  `${(obj.kind ?? 'object').toLowerCase()}/${obj.metadata?.name ?? ''}`;

/** Identity of an object for pruning: group (not version), kind, namespace, name. @public */
export function objectIdentity(obj: KubernetesObject): string {
  const group = (obj.apiVersion ?? '').includes('/')
    ? obj.apiVersion!.split('/')[0]
    : '';
  return [
    group,
    obj.kind,
    obj.metadata?.namespace ?? '',
    obj.metadata?.name ?? '',
  ].join('/');
}

/**
 * What applying a change from one spec to another does, phase by phase:
 * every phase is rendered for both specs (pure, no cluster access) and the
 * phases whose objects differ are applied, in provisioning order, except
 * that a shrinking resource tier applies the namespace phase last. An
 * upgrade applies it first, so the larger quota and limits are in place
 * before the workloads grow. The secrets phase is compared by its Secrets
 * without values. `targetCtx` renders the new spec when the platform version
 * changes too (default `ctx`).
 *
 * @public
 */
export function planTenantChange(
  from: TenantSpec,
  to: TenantSpec,
  ctx: RenderContext,
  targetCtx: RenderContext = ctx,
): TenantChangePlan {
  const phases: TenantChangePhase[] = [];
  const unchanged: ApplyPhaseId[] = [];
  for (const phase of APPLY_PHASES) {
    const previous = renderPhase(phase, from, ctx);
    const objects = renderPhase(phase, to, targetCtx);
    if (JSON.stringify(previous) === JSON.stringify(objects)) {
      unchanged.push(phase);
    } else {
      phases.push({ phase, objects, previous });
    }
  }
  const rank = (spec: TenantSpec) =>
    RESOURCE_TIERS.indexOf(spec.infrastructure.resourceTier);
  const shrinking = rank(to) < rank(from);
  if (shrinking) {
    const namespace = phases.findIndex(p => p.phase === 'namespace');
    if (namespace >= 0) phases.push(...phases.splice(namespace, 1));
  }
  return { phases, unchanged, shrinking };
}

/**
 * The objects a phase rendered before and no longer renders: what pruning
 * deletes. Namespaces and PersistentVolumeClaims are never pruned.
 *
 * @public
 */
export function objectsToPrune(phase: TenantChangePhase): KubernetesObject[] {
  const kept = new Set(phase.objects.map(objectIdentity));
  return phase.previous.filter(
    obj =>
      !kept.has(objectIdentity(obj)) &&
      obj.kind !== 'Namespace' &&
      obj.kind !== 'PersistentVolumeClaim',
  );
}
