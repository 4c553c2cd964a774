import { mockCredentials } from '@backstage/backend-test-utils';
import {
  PROVISIONING_PHASES,
  type PhaseId,
  type RegisterTenantRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import request from 'supertest';

/** Headers of a request made as a user. */
export const asUser = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});

/** Headers of a request made as a service (the scaffolder reporting phases). */
export const asService = { Authorization: mockCredentials.service.header() };

/**
 * Registers a tenant through the Tenant Service API and returns its id;
 * throws with the answer when the registration is refused.
 */
export async function registerTenant(
  server: Parameters<typeof request>[0],
  actor: string,
  body: RegisterTenantRequest,
): Promise<string> {
  const response = await request(server)
    .post('/api/tenants/v1/tenants')
    .set(asUser(actor))
    .send(body);
  if (response.status !== 201) {
    throw new Error(
      `Could not register ${body.spec.details.slug}: ${response.text}`,
    );
  }
  return response.body.tenant.id;
}

/**
 * Reports phases of a tenant's run as the scaffolder does, in order: every
 * phase started and completed (a ready tenant), or the given ones.
 */
export async function reportPhases(
  server: Parameters<typeof request>[0],
  tenantId: string,
  events: Array<
    [PhaseId, 'started' | 'completed']
  > = PROVISIONING_PHASES.flatMap(phase => [
    [phase.id, 'started'] as [PhaseId, 'started'],
    [phase.id, 'completed'] as [PhaseId, 'completed'],
  ]),
): Promise<void> {
  for (const [phaseId, type] of events) {
    const response = await request(server)
      .post(`/api/tenants/v1/tenants/${tenantId}/phases/${phaseId}/events`)
      .set(asService)
      .send({ type });
    if (response.status !== 200) {
      throw new Error(
        `Could not report ${type} of ${phaseId}: ${response.text}`,
      );
    }
  }
}
