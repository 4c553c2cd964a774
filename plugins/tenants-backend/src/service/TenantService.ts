import { Knex } from 'knex';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  listAuditQuerySchema,
  listTenantsQuerySchema,
  phaseEventRequestSchema,
  PHASE_EVENT_TYPES,
  phaseIdSchema,
  ProvisioningStatus,
  PROVISIONING_PHASES,
  registerTenantRequestSchema,
  LogLevel,
  retryRequestSchema,
  rollbackRequestSchema,
  tenantIdSchema,
  type Tenant,
  type TenantRun,
} from '@internal/backstage-plugin-tenants-common';
import { AuditEvent, AuditStore } from '../database/AuditStore';
import { TenantAccessFilter } from '../database/tenantFilter';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';
import {
  computeProvisioningStatus,
  STATUS_LOG_LINES,
} from '../status/computeProvisioningStatus';
import { ExpectedDurationsCache } from './ExpectedDurationsCache';
import { planPhaseEvent } from './phaseTransitions';
import { parseRequest } from '../validation/parseRequest';
import { TenantChange, TenantChangeListener } from './TenantChange';
import { assertBillingPolicy, BillingPolicy } from '../policy/billingPolicy';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import {
  cancelRun,
  humanize,
  isActive,
  isRetriedFromTaskPage,
  openNextAttempt,
  rollbackFailure,
} from './runLifecycle';

/** What the Tenant Service asks of the scaffolder. */
export type ScaffolderTaskControl = Pick<ScaffolderTasks, 'retry' | 'cancel'>;

/** A tenant with its newest provisioning run. */
export type TenantWithRun = Tenant & { latestRun?: TenantRun };

interface AuditContext {
  actor: string;
  action: string;
  tenantId?: string;
  details?: Record<string, unknown>;
}

/**
 * The Tenant Service's use cases. Every method takes raw request input,
 * validates it (400 with field errors), and runs its writes and its audit
 * event in one transaction; a failure is audited after the rollback.
 */
export class TenantService {
  private readonly listeners: TenantChangeListener[] = [];

  private readonly logger?: LoggerService;
  private readonly clock: () => Date;
  private readonly scaffolder?: ScaffolderTaskControl;
  private readonly billingPolicy?: BillingPolicy;
  private readonly expectedDurations = new ExpectedDurationsCache();

  constructor(
    private readonly db: Knex,
    options: {
      logger?: LoggerService;
      clock?: () => Date;
      /** Retries and cancels the scaffolder tasks behind runs; without it, retry only records a new attempt. */
      scaffolder?: ScaffolderTaskControl;
      /** What each billing tier may take (`tenants.billingPolicy`); default DEFAULT_BILLING_POLICY. */
      billingPolicy?: BillingPolicy;
    } = {},
  ) {
    this.billingPolicy = options.billingPolicy;
    this.logger = options.logger;
    this.clock = options.clock ?? (() => new Date());
    this.scaffolder = options.scaffolder;
  }

  /**
   * Registers a listener of status changes (registration, phase events other
   * than log lines, retry), called after the change is committed. Listener
   * failures are logged, never thrown to the caller.
   */
  onChange(listener: TenantChangeListener): void {
    this.listeners.push(listener);
  }

  private async notify(change: TenantChange): Promise<void> {
    await Promise.all(
      this.listeners.map(async listener => {
        try {
          await listener(change);
        } catch (error) {
          this.logger?.warn(
            `A listener of tenant changes failed for tenant '${change.tenant.slug}'`,
            error as Error,
          );
        }
      }),
    );
  }

  /**
   * Validates a tenant id path parameter and loads the tenant (400 for a
   * malformed id, 404 for an unknown one), for authorization before a call.
   */
  async tenantForAccess(rawId: unknown): Promise<Tenant> {
    return new TenantStore(this.db).getTenant(this.tenantIdFrom(rawId));
  }

  private async audited<T>(
    context: AuditContext,
    work: (tx: Knex.Transaction, audit: AuditContext) => Promise<T>,
    successDetails: (result: T) => Record<string, unknown> = () => ({}),
    options?: { auditSuccess?: boolean },
  ): Promise<T> {
    const audit = { ...context, details: { ...context.details } };
    try {
      return await this.db.transaction(async tx => {
        const result = await work(tx, audit);
        if (options?.auditSuccess !== false) {
          await new AuditStore(tx).record({
            actor: audit.actor,
            action: audit.action,
            tenantId: audit.tenantId,
            outcome: 'success',
            details: { ...audit.details, ...successDetails(result) },
          });
        }
        return result;
      });
    } catch (error) {
      const e = error as Error & { fields?: unknown };
      try {
        await new AuditStore(this.db).record({
          actor: audit.actor,
          action: audit.action,
          tenantId: audit.tenantId,
          outcome: 'failure',
          details: {
            ...audit.details,
            error: {
              name: e?.name ?? 'Error',
              message: e?.message ?? String(error),
              ...(e?.fields ? { fields: e.fields } : {}),
            },
          },
        });
      } catch (auditError) {
        this.logger?.error(
          `Could not record the failure of ${audit.action} in the audit trail`,
          auditError as Error,
        );
      }
      throw error;
    }
  }

  /** Validates a tenant id path parameter and records it on the audit context. */
  private tenantIdFrom(raw: unknown, audit?: AuditContext): string {
    const id = parseRequest(tenantIdSchema, raw, 'tenant id');
    if (audit) {
      audit.tenantId = id;
    }
    return id;
  }

  async register(actor: string, body: unknown) {
    const result = await this.audited(
      { actor, action: 'tenant.register' },
      async (tx, audit) => {
        const slug = (body as any)?.spec?.details?.slug;
        if (typeof slug === 'string') {
          audit.details = { ...audit.details, slug };
        }
        const input = parseRequest(
          registerTenantRequestSchema,
          body,
          'request body',
        );
        assertBillingPolicy(input.spec, this.billingPolicy); // 400 with field errors
        const tenant = await new TenantStore(tx).createTenant({
          spec: input.spec,
          cluster: input.cluster,
          createdBy: actor,
        });
        audit.tenantId = tenant.id;
        const run = await new RunStore(tx).createRun({
          tenantId: tenant.id,
          attempt: 1,
          scaffolderTaskId: input.taskId,
        });
        return { tenant, run };
      },
      ({ tenant, run }) => ({
        slug: tenant.slug,
        cluster: tenant.cluster,
        runId: run.id,
        attempt: run.attempt,
        taskId: run.scaffolderTaskId,
      }),
    );
    await this.notify({
      tenant: result.tenant,
      run: { attempt: result.run.attempt, status: result.run.status },
    });
    return result;
  }

  /** Lists tenants, restricted to those `access` lets the caller read. */
  async list(query: unknown, access?: TenantAccessFilter) {
    const options = parseRequest(listTenantsQuerySchema, query, 'query');
    return new TenantStore(this.db).listTenants(options, access);
  }

  /** `loaded`: the tenant as {@link TenantService.tenantForAccess} just read it, to save reading it again. */
  async get(rawId: unknown, loaded?: Tenant): Promise<TenantWithRun> {
    const id = this.tenantIdFrom(rawId);
    const tenant = await this.tenantById(id, loaded);
    const latestRun = await new RunStore(this.db).getLatestRun(id);
    return { ...tenant, latestRun };
  }

  private async tenantById(id: string, loaded?: Tenant): Promise<Tenant> {
    return loaded?.id === id ? loaded : new TenantStore(this.db).getTenant(id);
  }

  async audit(
    rawId: unknown,
    query: unknown,
  ): Promise<{ items: AuditEvent[]; totalCount: number }> {
    const id = this.tenantIdFrom(rawId);
    const options = parseRequest(listAuditQuerySchema, query, 'query');
    await new TenantStore(this.db).getTenant(id);
    return new AuditStore(this.db).listForTenant(id, options);
  }

  /** `loaded`: as for {@link TenantService.get}. */
  async status(rawId: unknown, loaded?: Tenant): Promise<ProvisioningStatus> {
    const id = this.tenantIdFrom(rawId);
    const tenant = await this.tenantById(id, loaded);
    const runs = new RunStore(this.db);
    const [run, expected] = await Promise.all([
      runs.getLatestRun(id),
      this.expectedDurations.get(runs, tenant.spec.infrastructure.resourceTier),
    ]);
    return computeProvisioningStatus({
      tenantId: id,
      run: run ?? {
        status: 'pending',
        createdAt: tenant.createdAt,
        phases: PROVISIONING_PHASES.map(p => ({
          phaseId: p.id,
          status: 'pending',
        })),
      },
      logs: run ? await runs.listLogs(run.id, STATUS_LOG_LINES) : [],
      expectedDurations: expected,
      now: this.clock(),
    });
  }

  /**
   * Applies a phase event to the tenant's newest run. Successful `log` events
   * are not audited: the run log is their record, and auditing each line
   * would flood the trail; rejected ones are.
   */
  async reportPhaseEvent(
    actor: string,
    rawId: unknown,
    rawPhaseId: unknown,
    body: unknown,
  ) {
    const type = (body as any)?.type;
    let changed: Tenant | undefined;
    const result = await this.audited(
      {
        actor,
        action: `tenant.phase.${
          (PHASE_EVENT_TYPES as readonly unknown[]).includes(type)
            ? type
            : 'event'
        }`,
        details: { phaseId: rawPhaseId },
      },
      async (tx, audit) => {
        const id = this.tenantIdFrom(rawId, audit);
        const phaseId = parseRequest(phaseIdSchema, rawPhaseId, 'phase id');
        const event = parseRequest(
          phaseEventRequestSchema,
          body,
          'request body',
        );
        const tenants = new TenantStore(tx);
        const runs = new RunStore(tx);
        const tenant = await tenants.getTenant(id);
        let run = await runs.getLatestRun(id, { lock: true });
        if (!run) {
          throw new ConflictError(
            `Tenant '${id}' has no provisioning run; register it first`,
          );
        }
        if (
          event.type !== 'log' &&
          (tenant.state === 'rolling_back' || tenant.state === 'rolled_back')
        ) {
          throw new ConflictError(
            `Tenant '${tenant.slug}' is ${humanize(
              tenant.state,
            )}; its provisioning phases can no longer report progress`,
          );
        }
        if (isRetriedFromTaskPage(tenant, run, phaseId, event.type)) {
          run = await openNextAttempt(tx, tenant, run, {
            taskId: run.scaffolderTaskId,
            reason: 'started by a retry of its scaffolder task',
          });
        }
        audit.details = { ...audit.details, runId: run.id };
        const plan = planPhaseEvent(run, phaseId, event, this.clock());
        if (plan.phase) {
          await runs.updatePhase(run.id, phaseId, plan.phase);
        }
        if (plan.run) {
          await runs.updateRun(run.id, plan.run);
        }
        if (plan.tenantState) {
          await tenants.setState(id, plan.tenantState);
        }
        await runs.appendLogs(run.id, [{ phaseId, ...plan.log }]);
        if (event.type !== 'log') {
          changed = { ...tenant, state: plan.tenantState ?? tenant.state };
        }
        return {
          runId: run.id,
          attempt: run.attempt,
          phaseId,
          phaseStatus:
            plan.phase?.status ??
            run.phases.find(p => p.phaseId === phaseId)!.status,
          runStatus: plan.run?.status ?? run.status,
        };
      },
      reported => ({
        attempt: reported.attempt,
        phaseStatus: reported.phaseStatus,
        runStatus: reported.runStatus,
      }),
      { auditSuccess: type !== 'log' },
    );
    if (type === 'completed' && result.runStatus === 'completed') {
      this.expectedDurations.invalidate();
    }
    if (changed) {
      await this.notify({
        tenant: changed,
        run: { attempt: result.attempt, status: result.runStatus },
        phase: { id: result.phaseId, status: result.phaseStatus },
      });
    }
    return result;
  }

  /**
   * Starts attempt N+1 after a failed attempt N: completed phases before the
   * failed one stay completed, the failed phase and everything after it are
   * pending again. Unless the caller started a new task (`taskId`), the
   * failed scaffolder task is retried on behalf of `credentials`, so its logs
   * continue in the same task view; when the scaffolder refuses, the new
   * attempt is undone and the refusal is returned.
   */
  async retry(
    actor: string,
    rawId: unknown,
    body: unknown,
    credentials?: BackstageCredentials,
  ) {
    const context: AuditContext = { actor, action: 'tenant.retry' };
    const result = await this.audited(
      context,
      async (tx, audit) => {
        const id = this.tenantIdFrom(rawId, audit);
        const input = parseRequest(
          retryRequestSchema,
          body ?? {},
          'request body',
        );
        const tenants = new TenantStore(tx);
        const runs = new RunStore(tx);
        const tenant = await tenants.getTenant(id);
        const latest = await runs.getLatestRun(id, { lock: true });
        if (!latest) {
          throw new NotFoundError(`Tenant '${id}' has no provisioning run`);
        }
        if (latest.status !== 'failed' || tenant.state !== 'failed') {
          throw new ConflictError(
            `Nothing failed: the tenant is ${humanize(
              tenant.state,
            )} and its latest run (attempt ${latest.attempt}) is ${humanize(
              latest.status,
            )}; only a failed run can be retried`,
          );
        }
        const taskToRetry = input.taskId ? undefined : latest.scaffolderTaskId;
        if (!input.taskId && !taskToRetry) {
          throw new ConflictError(
            `Attempt ${latest.attempt} has no scaffolder task to retry; run the template again or pass the id of a new task as taskId`,
          );
        }
        const run = await openNextAttempt(tx, tenant, latest, {
          taskId: input.taskId ?? latest.scaffolderTaskId,
          reason: `created by ${actor}`,
        });
        return { tenant, previous: latest, run, taskToRetry, input };
      },
      () => ({}),
      { auditSuccess: false },
    );
    const { previous, run, taskToRetry } = result;
    const details = {
      previousRunId: previous.id,
      previousAttempt: previous.attempt,
      runId: run.id,
      attempt: run.attempt,
      taskId: run.scaffolderTaskId,
    };
    if (taskToRetry) {
      try {
        if (!this.scaffolder || !credentials) {
          throw new ServiceUnavailableError(
            'The Tenant Service cannot reach the scaffolder to retry the task',
          );
        }
        await this.scaffolder.retry(
          credentials,
          taskToRetry,
          result.input.secrets,
        );
      } catch (error) {
        await this.db.transaction(async tx => {
          await new RunStore(tx).deleteRun(run.id);
          await new TenantStore(tx).setState(result.tenant.id, 'failed');
        });
        await this.recordAudit(context, 'failure', {
          ...details,
          error: {
            name: (error as Error).name,
            message: (error as Error).message,
          },
        });
        throw error;
      }
    }
    await this.recordAudit(context, 'success', details);
    await this.notify({
      tenant: { ...result.tenant, state: 'provisioning' },
      run: { attempt: run.attempt, status: run.status },
    });
    return { previous, run };
  }

  /**
   * Starts a rollback: moves the tenant to `rolling_back` and returns it, for
   * the caller to tear down its objects. Refused (409) while a run is active
   * unless `cancel` is set; then the run's scaffolder task is cancelled on
   * behalf of `credentials` first. Idempotent: a tenant already rolling back
   * is returned as it is, with `started: false`.
   */
  async beginRollback(
    actor: string,
    rawId: unknown,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<{
    tenant: Tenant;
    started: boolean;
    cancelledTaskId?: string;
  }> {
    const context: AuditContext = { actor, action: 'tenant.rollback' };
    let cancelledTaskId: string | undefined;
    const result = await this.audited(
      context,
      async (tx, audit) => {
        const id = this.tenantIdFrom(rawId, audit);
        const input = parseRequest(
          rollbackRequestSchema,
          body ?? {},
          'request body',
        );
        const tenants = new TenantStore(tx);
        const runs = new RunStore(tx);
        const tenant = await tenants.getTenant(id);
        if (tenant.state === 'rolling_back') {
          return { tenant, started: false };
        }
        if (tenant.state === 'updating') {
          throw new ConflictError(
            `A change request is being applied to tenant '${tenant.slug}'; roll back once it has been applied or has failed`,
          );
        }
        const run = await runs.getLatestRun(id, { lock: true });
        if (run && isActive(tenant, run)) {
          if (!input.cancel) {
            const current = run.phases.find(p => p.status === 'in_progress');
            throw new ConflictError(
              `Attempt ${run.attempt} is still ${humanize(run.status)}${
                current ? ` (phase ${current.phaseId} in progress)` : ''
              }; roll back with {"cancel": true} to cancel its scaffolder task first`,
            );
          }
          if (run.scaffolderTaskId) {
            if (!this.scaffolder || !credentials) {
              throw new ServiceUnavailableError(
                'The Tenant Service cannot reach the scaffolder to cancel the task',
              );
            }
            await this.scaffolder.cancel(credentials, run.scaffolderTaskId);
            cancelledTaskId = run.scaffolderTaskId;
          }
          await cancelRun(
            runs,
            run,
            `Cancelled by a rollback requested by ${actor}`,
            this.clock(),
          );
        }
        await tenants.setState(id, 'rolling_back');
        if (run) {
          await runs.appendLogs(run.id, [
            {
              level: 'info',
              message: `Rollback requested by ${actor}${
                cancelledTaskId
                  ? `; scaffolder task ${cancelledTaskId} cancelled`
                  : ''
              }`,
            },
          ]);
        }
        return {
          tenant: { ...tenant, state: 'rolling_back' as const },
          started: true,
          run,
        };
      },
      r => ({ started: r.started, cancelledTaskId }),
    );
    if (result.started) {
      await this.notifyState(result.tenant);
    }
    return { tenant: result.tenant, started: result.started, cancelledTaskId };
  }

  /** Appends a line of rollback progress to the tenant's newest run log. */
  async recordRollbackProgress(
    tenantId: string,
    message: string,
    level: LogLevel = 'info',
  ): Promise<void> {
    const run = await new RunStore(this.db).getLatestRun(tenantId);
    if (run) {
      await new RunStore(this.db).appendLogs(run.id, [{ level, message }]);
    }
  }

  /**
   * Ends a rollback: `rolled_back` when nothing with the tenant's labels is
   * left, otherwise `failed` with a message naming what remains.
   */
  async finishRollback(
    actor: string,
    tenantId: string,
    outcome: { deleted: string[]; remaining: string[] } | { error: string },
  ): Promise<Tenant> {
    const failure = rollbackFailure(outcome);
    const message =
      failure ??
      `Rollback completed: ${
        'deleted' in outcome ? outcome.deleted.length : 0
      } object(s) deleted, none with the tenant's labels left`;
    const state = failure ? 'failed' : 'rolled_back';
    const tenant = await this.audited(
      { actor, action: 'tenant.rollback.finish', tenantId },
      async tx => {
        const tenants = new TenantStore(tx);
        await tenants.setState(tenantId, state);
        const run = await new RunStore(tx).getLatestRun(tenantId);
        if (run) {
          await new RunStore(tx).appendLogs(run.id, [
            { level: failure ? 'error' : 'info', message },
          ]);
        }
        return tenants.getTenant(tenantId);
      },
      () => ({
        state,
        message,
        ...('deleted' in outcome
          ? { deleted: outcome.deleted.length, remaining: outcome.remaining }
          : {}),
      }),
    );
    await this.notifyState(tenant);
    return tenant;
  }

  /** Tenants whose rollback was interrupted (e.g. by a restart), to resume it. */
  async tenantsRollingBack(): Promise<Tenant[]> {
    const all = await new TenantStore(this.db).listAllTenants();
    return all.filter(t => t.state === 'rolling_back');
  }

  private async notifyState(tenant: Tenant) {
    const run = await new RunStore(this.db).getLatestRun(tenant.id);
    await this.notify({
      tenant,
      run: { attempt: run?.attempt ?? 0, status: run?.status ?? 'pending' },
    });
  }

  private async recordAudit(
    context: AuditContext,
    outcome: 'success' | 'failure',
    details: Record<string, unknown>,
  ) {
    await new AuditStore(this.db).record({
      actor: context.actor,
      action: context.action,
      tenantId: context.tenantId,
      outcome,
      details: { ...context.details, ...details },
    });
  }
}
