import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantSecrets.examples';

/**
 * Creates `tenant:secrets`: phase 2, the tenant's Secrets. Values already on
 * the cluster are kept, user-provided ones come from the task's secrets, the
 * others are generated.
 */
export function createTenantSecretsAction(deps: PhaseActionDeps) {
  return definePhaseAction('secrets', deps, examples);
}
