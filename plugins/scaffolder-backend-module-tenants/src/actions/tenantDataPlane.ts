import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantDataPlane.examples';

/**
 * Creates `tenant:data-plane`: phase 5, a Deployment and Service for each
 * enabled module's services and the query engine.
 */
export function createTenantDataPlaneAction(deps: PhaseActionDeps) {
  return definePhaseAction('data-plane', deps, examples);
}
