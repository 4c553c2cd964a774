import { PhaseId } from './phases';
import { PhaseStatus, RunStatus, TenantState } from './status';

/** Signal channel of one tenant's status changes. @public */
export function tenantSignalChannel(tenantId: string): string {
  return `tenants:${tenantId}`;
}

/** Signal channel of status changes of all tenants (the recipient may read). @public */
export const TENANTS_ALL_SIGNAL_CHANNEL = 'tenants:all';

/**
 * The message of a tenant status signal, published on every status change
 * (registration, phase events other than log lines, retry).
 *
 * @public
 */
export type TenantStatusSignal = {
  tenantId: string;
  state: TenantState;
  /** The phase whose status changed, for phase events. */
  phase?: { id: PhaseId; status: PhaseStatus };
  /** The newest run's status and attempt after the change. */
  run?: { attempt: number; status: RunStatus };
};
