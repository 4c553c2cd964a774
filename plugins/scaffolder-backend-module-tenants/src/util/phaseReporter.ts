import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';
import type { PhaseEvent, TenantServiceClient } from '../TenantServiceClient';
import { reportPhaseSafely } from './reportPhaseSafely';

/**
 * Reports a phase's events to the Tenant Service in the order given, each
 * sent once the one before it was answered. A phase need not wait for its
 * `started` report before its work; it awaits its last report (`completed`
 * or `failed`), which comes after all the others.
 */
export function phaseReporter(
  tenantService: Pick<TenantServiceClient, 'reportPhase'>,
  logger: { warn(message: string): void },
  tenantId: string,
  phaseId: PhaseId,
): (event: PhaseEvent) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return event => {
    last = last.then(() =>
      reportPhaseSafely(tenantService, logger, tenantId, phaseId, event),
    );
    return last;
  };
}
