import type { KubernetesObject } from '@kubernetes/client-node';
import {
  PROVISIONING_PHASES,
  type PhaseId,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import { renderControlPlanePhase } from './renderControlPlanePhase';
import { renderDataInfrastructurePhase } from './renderDataInfrastructurePhase';
import { renderDataPlanePhase } from './renderDataPlanePhase';
import { renderIngressPhase } from './renderIngressPhase';
import { renderNamespacePhase } from './renderNamespacePhase';
import { renderObservabilityPhase } from './renderObservabilityPhase';
import { renderSecretsPhase } from './secrets';

/** Renders a phase's Kubernetes objects; pure and deterministic. @public */
export type PhaseRenderer = (
  spec: TenantSpec,
  ctx: RenderContext,
) => KubernetesObject[];

/** Phase 7 checks the other phases' objects and creates none of its own. @public */
export function renderValidationPhase(): KubernetesObject[] {
  return [];
}

/** @public */
export const PHASE_RENDERERS: Readonly<Record<PhaseId, PhaseRenderer>> = {
  namespace: renderNamespacePhase,
  secrets: renderSecretsPhase,
  'data-infrastructure': renderDataInfrastructurePhase,
  'control-plane': renderControlPlanePhase,
  'data-plane': renderDataPlanePhase,
  ingress: renderIngressPhase,
  observability: renderObservabilityPhase,
  validation: renderValidationPhase,
};

/** The objects of one phase, in apply order. @public */
export function renderPhase(
  phase: PhaseId,
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  return PHASE_RENDERERS[phase](spec, ctx);
}

/** @public */
export interface RenderedPhase {
  phase: PhaseId;
  objects: KubernetesObject[];
}

/** The objects of every phase, in phase order (secrets as shells without values). @public */
export function renderAllPhases(
  spec: TenantSpec,
  ctx: RenderContext,
): RenderedPhase[] {
  return PROVISIONING_PHASES.map(({ id }) => ({
    phase: id,
    objects: renderPhase(id, spec, ctx),
  }));
}
