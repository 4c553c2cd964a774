import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantObservability.examples';

/**
 * Creates `tenant:observability`: phase 6, the tenant's metrics and log
 * collectors, and a ServiceMonitor when the cluster runs the Prometheus
 * operator.
 */
export function createTenantObservabilityAction(deps: PhaseActionDeps) {
  return definePhaseAction('observability', deps, examples);
}
