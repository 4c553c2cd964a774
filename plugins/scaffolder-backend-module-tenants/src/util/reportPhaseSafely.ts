import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';
import type { PhaseEvent, TenantServiceClient } from '../TenantServiceClient';
import { errorMessage } from './errorMessage';

/**
 * Reports a phase event without letting a Tenant Service outage hide the
 * phase's own result: failures to report are logged as warnings.
 */
export async function reportPhaseSafely(
  tenantService: Pick<TenantServiceClient, 'reportPhase'>,
  logger: { warn(message: string): void },
  tenantId: string,
  phaseId: PhaseId,
  event: PhaseEvent,
) {
  try {
    await tenantService.reportPhase(tenantId, phaseId, event);
  } catch (error) {
    logger.warn(
      `Could not report '${
        event.type
      }' of phase ${phaseId} to the Tenant Service: ${errorMessage(error)}`,
    );
  }
}
