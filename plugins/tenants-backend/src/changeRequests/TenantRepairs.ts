import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  effectiveChanges,
  startRepairSchema,
  type ChangeRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditTrail } from '../audit/AuditTrail';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import type { Listeners } from '../lib/Listeners';
import { parseRequest } from '../validation/parseRequest';
import type { ChangeRequestEvent } from './ChangeRequestEvent';
import { ChangeRequestStore, publicChangeRequest } from './ChangeRequestStore';
import type { ChangeRequestTasks } from './ChangeRequestTasks';
import { assertNoConflictingRequest } from './conflictingRequest';

/** Requests being (or about to be) applied: a repair waits until they are done. */
const IN_FLIGHT = ['approved', 'applying', 'failed'] as const;

/**
 * Repairs started by platform admins (`tenant.repair`): a change request
 * that only repairs, approved by the admin who started it and applied at
 * once by the change task, which applies the objects of the tenant's spec
 * again and removes the unexpected ones. It is recorded, logged and retried
 * like any change request; a tenant admin asks for the same by filing a
 * change request with `repair`.
 */
export class TenantRepairs {
  constructor(
    private readonly deps: {
      audit: AuditTrail;
      events: Listeners<ChangeRequestEvent>;
      tasks: ChangeRequestTasks;
      clock: () => Date;
    },
  ) {}

  async start(
    actor: string,
    tenantId: string,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const approved = await this.deps.audit.audited(
      { actor, action: 'tenant.repair', tenantId, details: {} },
      async (tx, audit) => {
        const input = parseRequest(
          startRepairSchema,
          body ?? {},
          'request body',
        );
        const tenant = await new TenantStore(tx).getTenant(tenantId, {
          lock: true,
        });
        if (tenant.state !== 'ready' || !tenant.cluster) {
          throw new ConflictError(
            `Tenant '${tenant.slug}' is ${humanize(
              tenant.state,
            )}; it can be repaired once it is ready`,
          );
        }
        const store = new ChangeRequestStore(tx);
        const { changes, diff } = effectiveChanges(tenant.spec, {
          repair: true,
        });
        await assertNoConflictingRequest(store, tenant, changes);
        const [inFlight] = await store.listOfTenant(tenantId, IN_FLIGHT);
        if (inFlight) {
          throw new ConflictError(
            `Change request ${inFlight.id} of tenant '${tenant.slug}' is ${inFlight.status}; repair once it is applied`,
          );
        }
        const reason = input.reason ?? 'Repair of drifted objects';
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
          decidedAt: this.deps.clock(),
          decisionComment: 'Repair started by a platform admin',
          fromSpecVersion: tenant.specVersion,
          targetSpec: tenant.spec,
        });
        await store.appendLogs(id, [
          {
            level: 'info',
            message: `Repair started by ${actor}. Reason: ${reason}`,
          },
        ]);
        audit.details.changeRequestId = id;
        audit.details.reason = reason;
        return store.get(id);
      },
    );
    await this.deps.events.emit({
      kind: 'approved',
      changeRequest: approved,
      actor,
    });
    const { record } = await this.deps.tasks.start(
      actor,
      approved,
      credentials,
      'start',
    );
    return publicChangeRequest(record);
  }
}
