import type { ApplyPhaseId } from '@tenant-platform/backstage-plugin-tenants-node';
import type { PhaseActionDeps } from '../phases/definePhaseAction';
import { createTenantControlPlaneAction } from './tenantControlPlane';
import { createTenantDataInfrastructureAction } from './tenantDataInfrastructure';
import { createTenantDataPlaneAction } from './tenantDataPlane';
import { createTenantIngressAction } from './tenantIngress';
import { createTenantNamespaceAction } from './tenantNamespace';
import { createTenantObservabilityAction } from './tenantObservability';
import { createTenantSecretsAction } from './tenantSecrets';

const PHASE_ACTIONS: Record<
  ApplyPhaseId,
  (deps: PhaseActionDeps) => ReturnType<typeof createTenantNamespaceAction>
> = {
  namespace: createTenantNamespaceAction,
  secrets: createTenantSecretsAction,
  'data-infrastructure': createTenantDataInfrastructureAction,
  'control-plane': createTenantControlPlaneAction,
  'data-plane': createTenantDataPlaneAction,
  ingress: createTenantIngressAction,
  observability: createTenantObservabilityAction,
};

/** Creates the `tenant:<phaseId>` action of a phase that applies objects. */
export function createPhaseAction(
  phaseId: ApplyPhaseId,
  deps: PhaseActionDeps,
) {
  return PHASE_ACTIONS[phaseId](deps);
}
