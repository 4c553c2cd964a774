import { Knex } from 'knex';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  applyTenantChanges,
  approveChangeRequestSchema,
  CHANGE_REQUEST_EVENT_TYPES,
  changedFields,
  changeRequestEventSchema,
  changeRequestIdSchema,
  createChangeRequestSchema,
  DEFAULT_BILLING_POLICY,
  describeChanges,
  effectiveChanges,
  listChangeRequestsQuerySchema,
  OPEN_CHANGE_REQUEST_STATUSES,
  PLATFORM_MODULES,
  rejectChangeRequestSchema,
  tenantIdSchema,
  type BillingPolicy,
  type ChangeRequestEvent as ChangeRequestEventBody,
  type ChangeRequest,
  type ChangeRequestDetail,
  type TenantChanges,
  type TenantSpec,
  type TenantSpecVersion,
  type TenantState,
  type Tenant,
} from '@internal/backstage-plugin-tenants-common';
import { AuditStore } from '../database/AuditStore';
import { RunStore } from '../database/RunStore';
import { SpecVersionStore } from '../database/SpecVersionStore';
import type { TenantAccessFilter } from '../database/tenantFilter';
import { TenantStore } from '../database/TenantStore';
import type {
  TenantChange,
  TenantChangeListener,
} from '../service/TenantChange';
import { parseRequest } from '../validation/parseRequest';
import { FieldsInputError } from '../validation/FieldsInputError';
import {
  assertChangeAllowed,
  assertChangeStillAllowed,
} from '../policy/billingPolicy';
import {
  ChangeRequestRecord,
  ChangeRequestStore,
  publicChangeRequest,
} from './ChangeRequestStore';
import type {
  ChangeRequestEvent,
  ChangeRequestEventKind,
  ChangeRequestListener,
} from './ChangeRequestEvent';
import type { ChangeTaskControl } from './ChangeTaskLauncher';
import {
  ChangeRequestAction,
  ChangeRequestPlan,
  planChangeRequestAction,
} from './changeRequestTransitions';

interface AuditContext {
  actor: string;
  action: string;
  tenantId?: string;
  details: Record<string, unknown>;
}

const humanize = (value: string) => value.replace('_', ' ');

/** Tenant states in which change requests may be filed. */
const FILING_STATES: readonly TenantState[] = ['ready', 'updating'];

/** Statuses of a request that is being (or about to be) applied. */
const IN_FLIGHT = ['approved', 'applying', 'failed'] as const;

const EVENT_OF_STATUS: Partial<Record<string, ChangeRequestEventKind>> = {
  approved: 'approved',
  rejected: 'rejected',
  applying: 'applying',
  applied: 'applied',
  failed: 'failed',
};

const errorDetails = (error: unknown) => {
  const e = error as Error & { fields?: unknown };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(error),
    ...(e?.fields ? { fields: e.fields } : {}),
  };
};

/**
 * The change request use cases: filing (validated against the tenant's
 * current spec and the billing policy), deciding, applying through a
 * scaffolder task, and the reports of that task. Every mutation runs with its
 * audit event in one transaction (a failure is audited after the rollback);
 * committed changes are announced to listeners: tenant state changes to the
 * catalog sync and the tenant signals, change request events to the
 * notifications and change request signals.
 */
export class ChangeRequestService {
  private readonly tenantListeners: TenantChangeListener[] = [];
  private readonly listeners: ChangeRequestListener[] = [];
  private readonly logger?: LoggerService;
  private readonly clock: () => Date;
  private readonly billingPolicy: BillingPolicy;
  private readonly tasks?: ChangeTaskControl;

  constructor(
    private readonly db: Knex,
    options: {
      logger?: LoggerService;
      clock?: () => Date;
      /** `tenants.billingPolicy`; default DEFAULT_BILLING_POLICY. */
      billingPolicy?: BillingPolicy;
      /** Starts and retries the scaffolder tasks applying approved changes. */
      tasks?: ChangeTaskControl;
    } = {},
  ) {
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.billingPolicy = options.billingPolicy ?? DEFAULT_BILLING_POLICY;
    this.tasks = options.tasks;
  }

  /** Called after a change request changed the tenant's state or spec. */
  onTenantChange(listener: TenantChangeListener): void {
    this.tenantListeners.push(listener);
  }

  /** Called after each committed change request event. */
  onChange(listener: ChangeRequestListener): void {
    this.listeners.push(listener);
  }

  /** Validates a change request id (400) and loads it (404), for authorization before a call. */
  async requestForAccess(rawId: unknown): Promise<ChangeRequestRecord> {
    const id = parseRequest(changeRequestIdSchema, rawId, 'change request id');
    return new ChangeRequestStore(this.db).get(id);
  }

  /** Files a change request for a tenant (the caller is authorized for it). */
  async create(
    actor: string,
    rawTenantId: unknown,
    body: unknown,
  ): Promise<ChangeRequest> {
    const created = await this.audited(
      {
        actor,
        action: 'tenant.change-request.create',
        details: {},
      },
      async (tx, audit) => {
        const tenantId = parseRequest(tenantIdSchema, rawTenantId, 'tenant id');
        audit.tenantId = tenantId;
        const input = parseRequest(
          createChangeRequestSchema,
          body,
          'request body',
        );
        audit.details.reason = input.reason;
        const store = new ChangeRequestStore(tx);
        const tenant = await new TenantStore(tx).getTenant(tenantId, {
          lock: true,
        });
        if (!FILING_STATES.includes(tenant.state)) {
          throw new ConflictError(
            `Tenant '${tenant.slug}' is ${humanize(
              tenant.state,
            )}; change requests can be filed once it is ready`,
          );
        }
        const { changes, diff } = effectiveChanges(tenant.spec, input.changes);
        if (diff.length === 0) {
          throw invalid(
            'changes',
            `Nothing to change: tenant '${
              tenant.slug
            }' already has ${describeCurrent(tenant.spec, input.changes)}`,
          );
        }
        audit.details.changes = changes;
        assertChangeAllowed(
          applyTenantChanges(tenant.spec, changes),
          changes,
          this.billingPolicy,
        );
        const open = await store.listOfTenant(
          tenantId,
          OPEN_CHANGE_REQUEST_STATUSES,
        );
        const fields = changedFields(changes);
        const conflicting = open.find(other =>
          changedFields(other.changes).some(f => fields.includes(f)),
        );
        if (conflicting) {
          const overlap = changedFields(conflicting.changes).filter(f =>
            fields.includes(f),
          );
          throw new ConflictError(
            `Change request ${conflicting.id} (${
              conflicting.status
            }, filed by ${
              conflicting.requestedBy
            }) already changes ${overlap.join(', ')} of tenant '${
              tenant.slug
            }'; wait until it is decided or applied, or change other fields`,
          );
        }
        const request = await store.create({
          tenantId,
          changes,
          diff,
          reason: input.reason,
          requestedBy: actor,
          baseSpecVersion: tenant.specVersion,
        });
        audit.details.changeRequestId = request.id;
        await store.appendLogs(request.id, [
          {
            level: 'info',
            message: `Filed by ${actor}: ${describeChanges(diff)}. Reason: ${
              input.reason
            }`,
          },
        ]);
        return request;
      },
    );
    await this.emit({ kind: 'created', changeRequest: created, actor });
    return publicChangeRequest(created);
  }

  /** Change requests of every tenant `access` lets the caller read, newest first. */
  async list(query: unknown, access: TenantAccessFilter) {
    const options = parseRequest(listChangeRequestsQuerySchema, query, 'query');
    const result = await new ChangeRequestStore(this.db).list({
      ...options,
      access,
    });
    return { ...result, items: result.items.map(publicChangeRequest) };
  }

  /** Change requests of one tenant, newest first. */
  async listForTenant(tenantId: string, query: unknown) {
    const options = parseRequest(listChangeRequestsQuerySchema, query, 'query');
    const result = await new ChangeRequestStore(this.db).list({
      ...options,
      tenantId,
    });
    return { ...result, items: result.items.map(publicChangeRequest) };
  }

  /** A change request with its log and, once approved, the specs it goes from and to. */
  async detail(id: string): Promise<ChangeRequestDetail> {
    const store = new ChangeRequestStore(this.db);
    const record = await store.get(id);
    const tenant = await new TenantStore(this.db).getTenant(record.tenantId);
    const fromSpec =
      record.fromSpecVersion !== undefined
        ? await new SpecVersionStore(this.db).specAt(
            tenant,
            record.fromSpecVersion,
          )
        : undefined;
    return {
      ...publicChangeRequest(record),
      cluster: tenant.cluster,
      ...(fromSpec ? { fromSpec } : {}),
      ...(record.targetSpec ? { targetSpec: record.targetSpec } : {}),
      logs: await store.listLogs(id),
    };
  }

  /** The versions of a tenant's spec, newest first. */
  async specVersions(tenantId: string): Promise<TenantSpecVersion[]> {
    const tenant = await new TenantStore(this.db).getTenant(tenantId);
    return new SpecVersionStore(this.db).list(tenant);
  }

  /**
   * Approves a pending request: checks it again against the tenant's
   * current spec and the billing policy, fixes the spec it goes to, and
   * starts the scaffolder task applying it on behalf of the approver. When
   * the scaffolder refuses, the approval stays and the request is `failed`
   * with the scaffolder's reason (retryable).
   */
  async approve(
    actor: string,
    id: string,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const approved = await this.transition(
      actor,
      id,
      'approve',
      async (record, tx) => {
        const input = parseRequest(
          approveChangeRequestSchema,
          body ?? {},
          'request body',
        );
        return {
          action: { type: 'approve', actor, comment: input.comment },
          extra: async plan => {
            const tenant = await new TenantStore(tx).getTenant(record.tenantId);
            const { diff } = effectiveChanges(tenant.spec, record.changes);
            if (diff.length === 0) {
              throw new ConflictError(
                `The change request no longer changes anything: tenant '${
                  tenant.slug
                }' already has ${describeCurrent(
                  tenant.spec,
                  record.changes,
                )}; reject it`,
              );
            }
            const targetSpec = applyTenantChanges(tenant.spec, record.changes);
            assertChangeStillAllowed(
              targetSpec,
              record.changes,
              this.billingPolicy,
            );
            plan.update = {
              ...plan.update,
              fromSpecVersion: tenant.specVersion,
              targetSpec,
            };
            return { comment: input.comment };
          },
        };
      },
    );
    const { record } = await this.startTask(
      actor,
      approved,
      credentials,
      'start',
    );
    return publicChangeRequest(record);
  }

  async reject(actor: string, id: string, body: unknown) {
    const rejected = await this.transition(actor, id, 'reject', async () => {
      const input = parseRequest(
        rejectChangeRequestSchema,
        body ?? {},
        'request body',
      );
      return {
        action: { type: 'reject', actor, comment: input.comment },
        extra: async () => ({ comment: input.comment }),
      };
    });
    return publicChangeRequest(rejected);
  }

  /**
   * Applies a failed change again: its scaffolder task is retried on behalf
   * of the caller (the phases it completed are skipped by their
   * checkpoints), or a new task is started when it never had one. When the
   * scaffolder refuses, the request is failed again and the refusal returned.
   */
  async retry(
    actor: string,
    id: string,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const approved = await this.transition(actor, id, 'retry', async () => ({
      action: { type: 'retry', actor },
    }));
    const { record, error } = await this.startTask(
      actor,
      approved,
      credentials,
      approved.scaffolderTaskId ? 'retry' : 'start',
    );
    if (error) {
      throw error;
    }
    return publicChangeRequest(record);
  }

  /** The reports of the `tenant:apply-change` action. */
  async reportEvent(
    actor: string,
    id: string,
    body: unknown,
  ): Promise<ChangeRequest> {
    const type = (body as { type?: unknown } | undefined)?.type;
    const known = (CHANGE_REQUEST_EVENT_TYPES as readonly unknown[]).includes(
      type,
    );
    const record = await this.transition(
      actor,
      id,
      known ? String(type) : 'event',
      async () => {
        const event = parseRequest(
          changeRequestEventSchema,
          body,
          'request body',
        );
        return { action: toAction(event) };
      },
      { auditSuccess: type !== 'log' },
    );
    return publicChangeRequest(record);
  }

  /**
   * Runs one action on a request in a transaction with its audit event:
   * locks the request and its tenant, plans the transition, writes it (and
   * the tenant's state and spec version), then announces what changed.
   */
  private async transition(
    actor: string,
    rawId: unknown,
    verb: string,
    prepare: (
      record: ChangeRequestRecord,
      tx: Knex.Transaction,
    ) => Promise<{
      action: ChangeRequestAction;
      extra?: (plan: ChangeRequestPlan) => Promise<Record<string, unknown>>;
    }>,
    options?: { auditSuccess?: boolean },
  ): Promise<ChangeRequestRecord> {
    let tenantChanged = false;
    let previousStatus: string | undefined;
    const result = await this.audited(
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
            tenantState: tenant.state,
            inFlight: inFlight && { id: inFlight.id, status: inFlight.status },
          },
          action,
          this.clock(),
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
        await store.appendLogs(id, [plan.log]);
        if (action.type !== 'log') {
          await this.appendRunLog(tx, record, plan);
        }
        const updated = await store.get(id);
        audit.details.status = updated.status;
        return updated;
      },
      options,
    );
    if (tenantChanged) {
      await this.emitTenantChange(result.tenantId);
    }
    let kind: ChangeRequestEventKind | undefined;
    if (verb === 'retry') kind = 'retried';
    else if (result.status !== previousStatus) {
      kind = EVENT_OF_STATUS[result.status];
    }
    if (kind) {
      await this.emit({ kind, changeRequest: result, actor });
    }
    return result;
  }

  /**
   * Starts (or retries) the task applying an approved request, recording the
   * outcome; when the scaffolder refuses, the request fails with its reason,
   * and the refusal is returned too.
   */
  private async startTask(
    actor: string,
    record: ChangeRequestRecord,
    credentials: BackstageCredentials | undefined,
    mode: 'start' | 'retry',
  ): Promise<{ record: ChangeRequestRecord; error?: Error }> {
    const context: AuditContext = {
      actor,
      action: 'tenant.change-request.task',
      tenantId: record.tenantId,
      details: { changeRequestId: record.id, mode },
    };
    try {
      if (!this.tasks || !credentials) {
        throw new ServiceUnavailableError(
          'The Tenant Service cannot reach the scaffolder to apply the change',
        );
      }
      let taskId = record.scaffolderTaskId;
      if (mode === 'retry' && taskId) {
        await this.tasks.retry(credentials, taskId);
      } else {
        taskId = await this.tasks.start(credentials, {
          changeRequestId: record.id,
          tenant: record.tenantSlug,
          summary: describeChanges(record.diff),
        });
      }
      const store = new ChangeRequestStore(this.db);
      await store.update(record.id, { scaffolderTaskId: taskId });
      await store.appendLogs(record.id, [
        {
          level: 'info',
          message: `Scaffolder task ${taskId} ${
            mode === 'retry' ? 'retried' : 'started'
          } on behalf of ${actor}`,
        },
      ]);
      await this.recordAudit(context, 'success', { taskId });
      return { record: await store.get(record.id) };
    } catch (error) {
      await this.recordAudit(context, 'failure', {
        error: errorDetails(error),
      });
      try {
        const failed = await this.transition(
          actor,
          record.id,
          'task',
          async () => ({
            action: {
              type: 'task-not-started',
              message: (error as Error).message,
            },
          }),
        );
        return { record: failed, error: error as Error };
      } catch (transitionError) {
        // The task reported meanwhile after all; keep what it reported.
        this.logger?.warn(
          `Could not mark change request ${record.id} failed`,
          transitionError as Error,
        );
        return {
          record: await new ChangeRequestStore(this.db).get(record.id),
          error: error as Error,
        };
      }
    }
  }

  /** Records the start and end of applying in the newest provisioning run's log (the status view). */
  private async appendRunLog(
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

  private async emitTenantChange(tenantId: string) {
    let change: TenantChange;
    try {
      const tenant: Tenant = await new TenantStore(this.db).getTenant(tenantId);
      const run = await new RunStore(this.db).getLatestRun(tenantId);
      change = {
        tenant,
        run: { attempt: run?.attempt ?? 0, status: run?.status ?? 'pending' },
      };
    } catch (error) {
      this.logger?.warn(
        `Could not load tenant ${tenantId} to announce its change`,
        error as Error,
      );
      return;
    }
    await Promise.all(
      this.tenantListeners.map(listener =>
        listener(change).catch(error =>
          this.logger?.warn(
            `A listener of tenant changes failed for tenant '${change.tenant.slug}'`,
            error as Error,
          ),
        ),
      ),
    );
  }

  private async emit(event: ChangeRequestEvent) {
    await Promise.all(
      this.listeners.map(listener =>
        listener(event).catch(error =>
          this.logger?.warn(
            `A listener of change requests failed for ${event.kind} of change request ${event.changeRequest.id}`,
            error as Error,
          ),
        ),
      ),
    );
  }

  private async audited<T>(
    context: AuditContext,
    work: (tx: Knex.Transaction, audit: AuditContext) => Promise<T>,
    options?: { auditSuccess?: boolean },
  ): Promise<T> {
    const audit: AuditContext = { ...context, details: { ...context.details } };
    try {
      return await this.db.transaction(async tx => {
        const result = await work(tx, audit);
        if (options?.auditSuccess !== false) {
          await new AuditStore(tx).record({
            actor: audit.actor,
            action: audit.action,
            tenantId: audit.tenantId,
            outcome: 'success',
            details: audit.details,
          });
        }
        return result;
      });
    } catch (error) {
      await this.recordAudit(audit, 'failure', { error: errorDetails(error) });
      throw error;
    }
  }

  private async recordAudit(
    context: AuditContext,
    outcome: 'success' | 'failure',
    details: Record<string, unknown>,
  ) {
    try {
      await new AuditStore(this.db).record({
        actor: context.actor,
        action: context.action,
        tenantId: context.tenantId,
        outcome,
        details: { ...context.details, ...details },
      });
    } catch (auditError) {
      this.logger?.error(
        `Could not record ${context.action} in the audit trail`,
        auditError as Error,
      );
    }
  }
}

/** A 400 with one field error. */
function invalid(field: string, message: string) {
  return new FieldsInputError(`Invalid request body: ${message}`, [
    { field, message },
  ]);
}

/** The tenant's current values of the fields a request names, e.g. `resource tier medium and BI Platform enabled`. */
function describeCurrent(spec: TenantSpec, changes: TenantChanges): string {
  const parts: string[] = [];
  if (changes.resourceTier !== undefined) {
    parts.push(`resource tier ${spec.infrastructure.resourceTier}`);
  }
  for (const module of PLATFORM_MODULES) {
    if (changes.modules?.[module.id] !== undefined) {
      parts.push(
        `${module.title} ${spec.modules[module.id] ? 'enabled' : 'disabled'}`,
      );
    }
  }
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : parts.join('');
}

/** The transition of a report of the apply action. */
function toAction(event: ChangeRequestEventBody): ChangeRequestAction {
  switch (event.type) {
    case 'started':
      return { type: 'started', taskId: event.taskId };
    case 'log':
      return {
        type: 'log',
        level: event.level ?? 'info',
        message: event.message!,
      };
    case 'applied':
      return { type: 'applied', message: event.message };
    default:
      return { type: 'failed', message: event.message! };
  }
}
