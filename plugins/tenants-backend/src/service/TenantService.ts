import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import {
  listAuditQuerySchema,
  listTenantsQuerySchema,
  phaseEventRequestSchema,
  PHASE_EVENT_TYPES,
  phaseIdSchema,
  ProvisioningStatus,
  PROVISIONING_PHASES,
  registerTenantRequestSchema,
  type Tenant,
  type TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditTrail } from '../audit/AuditTrail';
import { AuditEvent, AuditStore } from '../database/AuditStore';
import { TenantAccessFilter } from '../database/tenantFilter';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import { assertBillingPolicy, BillingPolicy } from '../policy/billingPolicy';
import {
  computeProvisioningStatus,
  STATUS_LOG_LINES,
} from '../status/computeProvisioningStatus';
import type { PlatformVersions } from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import { parseRequest, parseTenantId } from '../validation/parseRequest';
import { ExpectedDurationsCache } from './ExpectedDurationsCache';
import { planPhaseEvent } from './phaseTransitions';
import { isRetriedFromTaskPage, openNextAttempt } from './runAttempts';

/** A tenant with its newest provisioning run. */
export type TenantWithRun = Tenant & { latestRun?: TenantRun };

/**
 * The Tenant Service's use cases of tenants and their provisioning runs:
 * registration, reads, status and phase reports. Every method takes raw
 * request input and validates it (400 with field errors); writes run with
 * their audit event in one transaction, and committed status changes are
 * announced.
 */
export class TenantService {
  private readonly auditTrail: AuditTrail;
  private readonly clock: () => Date;
  private readonly billingPolicy?: BillingPolicy;
  private readonly tenantChanges: TenantChangeAnnouncer;
  private readonly expectedDurations = new ExpectedDurationsCache();
  private readonly platformVersions?: PlatformVersions;

  constructor(
    private readonly db: Knex,
    options: {
      audit: AuditTrail;
      tenantChanges: TenantChangeAnnouncer;
      clock?: () => Date;
      /** What each billing tier may take (`tenants.billingPolicy`); default DEFAULT_BILLING_POLICY. */
      billingPolicy?: BillingPolicy;
      /** New tenants record the version in force; `behind` lists the others. */
      platformVersions?: PlatformVersions;
    },
  ) {
    this.platformVersions = options.platformVersions;
    this.auditTrail = options.audit;
    this.tenantChanges = options.tenantChanges;
    this.clock = options.clock ?? (() => new Date());
    this.billingPolicy = options.billingPolicy;
  }

  /**
   * Validates a tenant id path parameter and loads the tenant (400 for a
   * malformed id, 404 for an unknown one), for authorization before a call.
   */
  async tenantForAccess(rawId: unknown): Promise<Tenant> {
    return new TenantStore(this.db).getTenant(parseTenantId(rawId));
  }

  async register(actor: string, body: unknown) {
    const result = await this.auditTrail.audited(
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
          platformVersion: this.platformVersions?.current,
        });
        audit.tenantId = tenant.id;
        const run = await new RunStore(tx).createRun({
          tenantId: tenant.id,
          attempt: 1,
          scaffolderTaskId: input.taskId,
        });
        return { tenant, run };
      },
      {
        successDetails: ({ tenant, run }) => ({
          slug: tenant.slug,
          cluster: tenant.cluster,
          runId: run.id,
          attempt: run.attempt,
          taskId: run.scaffolderTaskId,
        }),
      },
    );
    await this.tenantChanges.announce({
      tenant: result.tenant,
      run: { attempt: result.run.attempt, status: result.run.status },
    });
    return result;
  }

  /** Lists tenants, restricted to those `access` lets the caller read. */
  async list(query: unknown, access?: TenantAccessFilter) {
    const options = parseRequest(listTenantsQuerySchema, query, 'query');
    const versions = this.platformVersions;
    const upToDateVersions = versions
      ?.list()
      .filter(v => !versions.isBehind(v));
    return new TenantStore(this.db).listTenants(
      { ...options, upToDateVersions },
      access,
    );
  }

  /** `loaded`: the tenant as {@link TenantService.tenantForAccess} just read it, to save reading it again. */
  async get(rawId: unknown, loaded?: Tenant): Promise<TenantWithRun> {
    const id = parseTenantId(rawId);
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
    const id = parseTenantId(rawId);
    const options = parseRequest(listAuditQuerySchema, query, 'query');
    await new TenantStore(this.db).getTenant(id);
    return new AuditStore(this.db).listForTenant(id, options);
  }

  /** `loaded`: as for {@link TenantService.get}. */
  async status(rawId: unknown, loaded?: Tenant): Promise<ProvisioningStatus> {
    const id = parseTenantId(rawId);
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
    const result = await this.auditTrail.audited(
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
        const id = parseTenantId(rawId);
        audit.tenantId = id;
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
      {
        successDetails: reported => ({
          attempt: reported.attempt,
          phaseStatus: reported.phaseStatus,
          runStatus: reported.runStatus,
        }),
        auditSuccess: type !== 'log',
      },
    );
    if (type === 'completed' && result.runStatus === 'completed') {
      this.expectedDurations.invalidate();
    }
    if (changed) {
      await this.tenantChanges.announce({
        tenant: changed,
        run: { attempt: result.attempt, status: result.runStatus },
        phase: { id: result.phaseId, status: result.phaseStatus },
      });
    }
    return result;
  }
}
