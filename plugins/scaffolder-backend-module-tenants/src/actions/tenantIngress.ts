import {
  definePhaseAction,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { examples } from './tenantIngress.examples';

/**
 * Creates `tenant:ingress`: phase 5.5, the tenant's host `<slug>.<baseDomain>`,
 * its TLS certificate, DNS record and NGINX Ingress.
 */
export function createTenantIngressAction(deps: PhaseActionDeps) {
  return definePhaseAction('ingress', deps, examples);
}
