import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  effectiveChanges,
  type ChangeRequest,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditTrail } from '../audit/AuditTrail';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import type { Listeners } from '../lib/Listeners';
import type { ChangeRequestEvent } from './ChangeRequestEvent';
import { ChangeRequestStore, publicChangeRequest } from './ChangeRequestStore';
import type { ChangeRequestTasks } from './ChangeRequestTasks';
import { assertNoConflictingRequest } from './conflictingRequest';

/** Requests being (or about to be) applied: a new change waits until they are done. */
const IN_FLIGHT = ['approved', 'applying', 'failed'] as const;

/** What {@link startApprovedChange} needs. */
export interface ApprovedChangeDeps {
  audit: AuditTrail;
  events: Listeners<ChangeRequestEvent>;
  tasks: ChangeRequestTasks;
  clock: () => Date;
}

/**
 * Files a change request that its starter approves at once (a repair by a
 * platform admin, an upgrade by a rollout) and starts the task applying it:
 * refused (409) while the tenant is not ready or another change of it is
 * being applied. Audited as `auditAction` with the request's id.
 */
export async function startApprovedChange(
  deps: ApprovedChangeDeps,
  options: {
    actor: string;
    tenantId: string;
    auditAction: string;
    /** How the refusal names what was asked: `repaired`, `upgraded`. */
    what: string;
    changes: TenantChanges;
    /** Validates the request body (400) and answers the reason. */
    reason: (body: unknown) => string;
    body?: unknown;
    decisionComment: string;
    startedMessage: (reason: string) => string;
    credentials?: BackstageCredentials;
    /** Whether a failed tenant may take the change (a repair after a reverted change). */
    allowFailedTenant?: boolean;
  },
): Promise<ChangeRequest> {
  const { actor, tenantId } = options;
  const approved = await deps.audit.audited(
    { actor, action: options.auditAction, tenantId, details: {} },
    async (tx, audit) => {
      const reason = options.reason(options.body);
      const tenant = await new TenantStore(tx).getTenant(tenantId, {
        lock: true,
      });
      const accepted =
        tenant.state === 'ready' ||
        (options.allowFailedTenant && tenant.state === 'failed');
      if (!accepted || !tenant.cluster) {
        throw new ConflictError(
          `Tenant '${tenant.slug}' is ${humanize(tenant.state)}; it can be ${
            options.what
          } once it is ready`,
        );
      }
      const store = new ChangeRequestStore(tx);
      const { changes, diff } = effectiveChanges(
        tenant.spec,
        options.changes,
        tenant.platformVersion,
      );
      if (diff.length === 0) {
        throw new ConflictError(
          `Tenant '${tenant.slug}' has nothing to change: it already runs what was asked`,
        );
      }
      await assertNoConflictingRequest(store, tenant, changes);
      const [inFlight] = await store.listOfTenant(tenantId, IN_FLIGHT);
      if (inFlight) {
        throw new ConflictError(
          `Change request ${inFlight.id} of tenant '${tenant.slug}' is ${inFlight.status}; it can be ${options.what} once that is applied`,
        );
      }
      const { id } = await store.create({
        tenantId,
        changes,
        diff,
        reason,
        requestedBy: actor,
        baseSpecVersion: tenant.specVersion,
      });
      await store.update(id, {
        status: 'approved',
        decidedBy: actor,
        decidedAt: deps.clock(),
        decisionComment: options.decisionComment,
        fromSpecVersion: tenant.specVersion,
        targetSpec: tenant.spec,
      });
      await store.appendLogs(id, [
        { level: 'info', message: options.startedMessage(reason) },
      ]);
      audit.details.changeRequestId = id;
      audit.details.reason = reason;
      return store.get(id);
    },
  );
  await deps.events.emit({
    kind: 'approved',
    changeRequest: approved,
    actor,
  });
  const { record } = await deps.tasks.start(
    actor,
    approved,
    options.credentials,
    'start',
  );
  return publicChangeRequest(record);
}
