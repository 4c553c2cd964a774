import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantNamespace.examples';

/**
 * Creates `tenant:namespace`: phase 1, the tenant's namespace with its resource
 * quota, default container limits, network isolation and admin access.
 */
export function createTenantNamespaceAction(deps: PhaseActionDeps) {
  return definePhaseAction('namespace', deps, examples);
}
