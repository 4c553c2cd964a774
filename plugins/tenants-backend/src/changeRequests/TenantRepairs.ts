import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  startRepairSchema,
  type ChangeRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { parseRequest } from '../validation/parseRequest';
import {
  startApprovedChange,
  type ApprovedChangeDeps,
} from './startApprovedChange';

/**
 * Repairs started by platform admins (`tenant.repair`): a change request
 * that only repairs, approved by the admin who started it and applied at
 * once by the change task, which applies the objects of the tenant's spec
 * again and removes the unexpected ones. It is recorded, logged and retried
 * like any change request; a tenant admin asks for the same by filing a
 * change request with `repair`.
 */
export class TenantRepairs {
  constructor(private readonly deps: ApprovedChangeDeps) {}

  async start(
    actor: string,
    tenantId: string,
    body: unknown,
    credentials?: BackstageCredentials,
    options?: {
      /** A failed change was reverted: the tenant is failed, and the repair mends it. */
      afterFailedChange?: boolean;
    },
  ): Promise<ChangeRequest> {
    return startApprovedChange(this.deps, {
      actor,
      tenantId,
      auditAction: 'tenant.repair',
      what: 'repaired',
      changes: { repair: true },
      reason: input =>
        parseRequest(startRepairSchema, input ?? {}, 'request body').reason ??
        'Repair of drifted objects',
      body,
      decisionComment: 'Repair started by a platform admin',
      startedMessage: reason => `Repair started by ${actor}. Reason: ${reason}`,
      credentials,
      allowFailedTenant: options?.afterFailedChange,
    });
  }
}
