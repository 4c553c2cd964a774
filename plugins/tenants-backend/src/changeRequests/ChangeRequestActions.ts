import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import {
  changeRequestIdSchema,
  changesSpec,
  describeChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditTrail } from '../audit/AuditTrail';
import { RunStore } from '../database/RunStore';
import { SpecVersionStore } from '../database/SpecVersionStore';
import { TenantStore } from '../database/TenantStore';
import type { Listeners } from '../lib/Listeners';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import { parseRequest } from '../validation/parseRequest';
import type {
  ChangeRequestEvent,
  ChangeRequestEventKind,
} from './ChangeRequestEvent';
import { ChangeRequestRecord, ChangeRequestStore } from './ChangeRequestStore';
import {
  ChangeRequestAction,
  ChangeRequestPlan,
  planChangeRequestAction,
} from './changeRequestTransitions';

/** Statuses of a request that is being (or about to be) applied. */
const IN_FLIGHT = ['approved', 'applying', 'failed'] as const;

const EVENT_OF_STATUS: Partial<Record<string, ChangeRequestEventKind>> = {
  approved: 'approved',
  rejected: 'rejected',
  applying: 'applying',
  applied: 'applied',
  failed: 'failed',
  reverted: 'reverted',
};

/**
 * What a caller of {@link ChangeRequestActions.run} does once the request is
 * loaded and locked: validates its input and names the action, and
 * optionally adds to the plan (and returns details for the audit event).
 */
export type PrepareAction = (
  record: ChangeRequestRecord,
  tx: Knex.Transaction,
) => Promise<{
  action: ChangeRequestAction;
  extra?: (plan: ChangeRequestPlan) => Promise<Record<string, unknown>>;
}>;

/**
 * Runs the actions on change requests (decisions, retries, the reports of
 * the apply action): each in a transaction with its audit event
 * `tenant.change-request.<verb>`, then announces what changed, the tenant's
 * state or spec as a tenant change, the request's new status as a change
 * request event.
 */
export class ChangeRequestActions {
  constructor(
    private readonly deps: {
      audit: AuditTrail;
      tenantChanges: TenantChangeAnnouncer;
      events: Listeners<ChangeRequestEvent>;
      clock: () => Date;
    },
  ) {}

  /**
   * Locks the request and its tenant, plans the transition
   * ({@link planChangeRequestAction}), writes it (and the tenant's state and
   * spec version), then announces what changed.
   */
  async run(
    actor: string,
    rawId: unknown,
    verb: string,
    prepare: PrepareAction,
    options?: { auditSuccess?: boolean },
  ): Promise<ChangeRequestRecord> {
    let tenantChanged = false;
    let previousStatus: string | undefined;
    const result = await this.deps.audit.audited(
      {
        actor,
        action: `tenant.change-request.${verb}`,
        details: { changeRequestId: rawId },
      },
      async (tx, audit) => {
        const id = parseRequest(
          changeRequestIdSchema,
          rawId,
          'change request id',
        );
        const store = new ChangeRequestStore(tx);
        const record = await store.get(id, { lock: true });
        audit.tenantId = record.tenantId;
        const tenants = new TenantStore(tx);
        const tenant = await tenants.getTenant(record.tenantId, { lock: true });
        const { action, extra } = await prepare(record, tx);
        const others = await store.listOfTenant(record.tenantId, IN_FLIGHT);
        const inFlight = others.find(other => other.id !== record.id);
        const plan = planChangeRequestAction(
          {
            id: record.id,
            status: record.status,
            requestedBy: record.requestedBy,
            attempts: record.attempts,
            changesSpec: changesSpec(record.diff),
            tenantState: tenant.state,
            inFlight: inFlight && { id: inFlight.id, status: inFlight.status },
          },
          action,
          this.deps.clock(),
        );
        Object.assign(audit.details, await extra?.(plan));
        previousStatus = record.status;
        if (plan.update) await store.update(id, plan.update);
        if (plan.writeSpec) {
          if (!record.targetSpec || record.fromSpecVersion === undefined) {
            throw new ConflictError(
              'The change request has no target spec; it was never approved',
            );
          }
          const now = new Date();
          const version = await tenants.updateSpec({
            tenantId: record.tenantId,
            fromVersion: record.fromSpecVersion,
            spec: record.targetSpec,
            state: plan.tenantState ?? tenant.state,
            at: now,
          });
          await new SpecVersionStore(tx).record({
            tenantId: record.tenantId,
            previous: {
              version: record.fromSpecVersion,
              spec: tenant.spec,
              createdBy: tenant.createdBy,
              createdAt: tenant.createdAt,
            },
            version,
            spec: record.targetSpec,
            createdBy: record.decidedBy ?? actor,
            createdAt: now,
            changeRequestId: record.id,
          });
          await store.update(id, { appliedSpecVersion: version });
          audit.details.specVersion = version;
          tenantChanged = true;
        } else if (plan.tenantState && plan.tenantState !== tenant.state) {
          await tenants.setState(record.tenantId, plan.tenantState);
          tenantChanged = true;
        }
        const newVersion = record.changes.platformVersion;
        if (plan.update?.status === 'applied' && newVersion) {
          await tenants.setPlatformVersion(record.tenantId, newVersion);
          audit.details.platformVersion = newVersion;
          tenantChanged = true;
        }
        await store.appendLogs(id, [plan.log]);
        if (action.type !== 'log') {
          await appendRunLog(tx, record, plan);
        }
        const updated = await store.get(id);
        audit.details.status = updated.status;
        return updated;
      },
      options,
    );
    if (tenantChanged) {
      await this.deps.tenantChanges.announceStored(result.tenantId);
    }
    let kind: ChangeRequestEventKind | undefined;
    if (verb === 'retry') kind = 'retried';
    else if (result.status !== previousStatus) {
      kind = EVENT_OF_STATUS[result.status];
    }
    if (kind) {
      await this.deps.events.emit({ kind, changeRequest: result, actor });
    }
    return result;
  }
}

/** Records the start and end of applying in the newest provisioning run's log (the status view). */
async function appendRunLog(
  tx: Knex.Transaction,
  record: ChangeRequestRecord,
  plan: ChangeRequestPlan,
) {
  const status = plan.update?.status;
  if (!status || !['applying', 'applied', 'failed'].includes(status)) return;
  const runs = new RunStore(tx);
  const run = await runs.getLatestRun(record.tenantId);
  if (!run) return;
  const summary = describeChanges(record.diff);
  const message =
    status === 'failed'
      ? `Change request ${record.id} (${summary}) failed: ${plan.log.message}`
      : `Change request ${record.id} (${summary}): ${status}`;
  await runs.appendLogs(run.id, [
    { level: status === 'failed' ? 'error' : 'info', message },
  ]);
}
