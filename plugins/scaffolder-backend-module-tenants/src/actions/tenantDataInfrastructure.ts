import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantDataInfrastructure.examples';

/**
 * Creates `tenant:data-infrastructure`: phase 3, the tenant's PostgreSQL, Redis
 * and Kafka, sized by the resource tier.
 */
export function createTenantDataInfrastructureAction(deps: PhaseActionDeps) {
  return definePhaseAction('data-infrastructure', deps, examples);
}
