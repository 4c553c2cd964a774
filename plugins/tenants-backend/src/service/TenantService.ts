import { Knex } from 'knex';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  listAuditQuerySchema,
  listTenantsQuerySchema,
  phaseEventRequestSchema,
  PHASE_EVENT_TYPES,
  phaseIdSchema,
  ProvisioningStatus,
  PROVISIONING_PHASES,
  registerTenantRequestSchema,
  retryRequestSchema,
  tenantIdSchema,
} from '@internal/backstage-plugin-tenants-common';
import { AuditEvent, AuditStore } from '../database/AuditStore';
import { TenantAccessFilter } from '../database/tenantFilter';
import { RunRecord, RunStore } from '../database/RunStore';
import { TenantRecord, TenantStore } from '../database/TenantStore';
import {
  computeProvisioningStatus,
  STATUS_LOG_LINES,
} from '../status/computeProvisioningStatus';
import { expectedDurations } from '../status/expectedDurations';
import { planPhaseEvent } from './phaseTransitions';
import { parseRequest } from './validation';
import { TenantChange, TenantChangeListener } from './TenantChange';

/** A tenant with its newest provisioning run. */
export type TenantWithRun = TenantRecord & { latestRun?: RunRecord };

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

  constructor(
    private readonly db: Knex,
    private readonly logger?: LoggerService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

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
  async tenantForAccess(rawId: unknown): Promise<TenantRecord> {
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

  async get(rawId: unknown): Promise<TenantWithRun> {
    const id = this.tenantIdFrom(rawId);
    const tenant = await new TenantStore(this.db).getTenant(id);
    const latestRun = await new RunStore(this.db).getLatestRun(id);
    return { ...tenant, latestRun };
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

  async status(rawId: unknown): Promise<ProvisioningStatus> {
    const id = this.tenantIdFrom(rawId);
    const tenant = await new TenantStore(this.db).getTenant(id);
    const runs = new RunStore(this.db);
    const run = await runs.getLatestRun(id);
    const observations = await runs.observedPhaseDurations(
      tenant.spec.infrastructure.resourceTier,
    );
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
      expectedDurations: expectedDurations(observations),
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
    let changed: TenantRecord | undefined;
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
        const run = await runs.getLatestRun(id, { lock: true });
        if (!run) {
          throw new ConflictError(
            `Tenant '${id}' has no provisioning run; register it first`,
          );
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
   * Starts attempt N+1 after a failed attempt N: completed phases stay
   * completed, the failed phase and everything after it are pending again.
   */
  async retry(actor: string, rawId: unknown, body: unknown) {
    let retried: TenantRecord | undefined;
    const result = await this.audited(
      { actor, action: 'tenant.retry' },
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
        if (latest.status !== 'failed') {
          throw new ConflictError(
            `Nothing failed: the latest run (attempt ${
              latest.attempt
            }) is ${latest.status.replace(
              '_',
              ' ',
            )}; only a failed run can be retried`,
          );
        }
        const failedIndex = latest.phases.findIndex(p => p.status === 'failed');
        const kept = latest.phases.filter(
          (p, index) =>
            p.status === 'completed' &&
            (failedIndex < 0 || index < failedIndex),
        );
        const run = await runs.createRun({
          tenantId: id,
          attempt: latest.attempt + 1,
          scaffolderTaskId: input.taskId,
          completedPhases: kept,
        });
        await tenants.setState(id, 'provisioning');
        retried = { ...tenant, state: 'provisioning' };
        await runs.appendLogs(run.id, [
          {
            level: 'info',
            message: `Attempt ${run.attempt} created by ${actor} after attempt ${latest.attempt} failed; ${kept.length} completed phase(s) kept`,
          },
        ]);
        return { previous: latest, run };
      },
      ({ previous, run }) => ({
        previousRunId: previous.id,
        previousAttempt: previous.attempt,
        runId: run.id,
        attempt: run.attempt,
        taskId: run.scaffolderTaskId,
      }),
    );
    if (retried) {
      await this.notify({
        tenant: retried,
        run: { attempt: result.run.attempt, status: result.run.status },
      });
    }
    return result;
  }
}
