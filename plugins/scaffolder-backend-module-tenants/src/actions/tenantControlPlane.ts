import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantControlPlane.examples';

/**
 * Creates `tenant:control-plane`: phase 4, the tenant configuration service and
 * the configuration it serves.
 */
export function createTenantControlPlaneAction(deps: PhaseActionDeps) {
  return definePhaseAction('control-plane', deps, examples);
}
