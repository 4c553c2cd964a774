import type { Knex } from 'knex';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  rollbackRequestSchema,
  type LogLevel,
  type Tenant,
  type TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditTrail } from '../audit/AuditTrail';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import { parseRequest, parseTenantId } from '../validation/parseRequest';

/** What a rollback's teardown ended with. */
export type RollbackOutcome =
  | { deleted: string[]; remaining: string[] }
  | { error: string };

/**
 * The records of rollbacks: the tenant's state (`rolling_back`, then
 * `rolled_back` or `failed`), the cancelled run, the progress lines in the
 * newest run's log, and the audit events `tenant.rollback` and
 * `tenant.rollback.finish`. The teardown itself is {@link TenantRollbacks}'.
 */
export class RollbackState {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      tenantChanges: TenantChangeAnnouncer;
      /** Cancels the task of an active run; without it, only runs without a task can be cancelled. */
      scaffolder?: Pick<ScaffolderTasks, 'cancel'>;
      clock: () => Date;
    },
  ) {}

  /**
   * Starts a rollback: moves the tenant to `rolling_back` and returns it, for
   * the caller to tear down its objects. Refused (409) while a run is active
   * unless `cancel` is set; then the run's scaffolder task is cancelled on
   * behalf of `credentials` first. Idempotent: a tenant already rolling back
   * is returned as it is, with `started: false`.
   */
  async begin(
    actor: string,
    rawId: unknown,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<{ tenant: Tenant; started: boolean; cancelledTaskId?: string }> {
    const { scaffolder } = this.deps;
    let cancelledTaskId: string | undefined;
    const result = await this.deps.audit.audited(
      { actor, action: 'tenant.rollback' },
      async (tx, audit) => {
        const id = parseTenantId(rawId);
        audit.tenantId = id;
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
            if (!scaffolder || !credentials) {
              throw new ServiceUnavailableError(
                'The Tenant Service cannot reach the scaffolder to cancel the task',
              );
            }
            await scaffolder.cancel(credentials, run.scaffolderTaskId);
            cancelledTaskId = run.scaffolderTaskId;
          }
          await cancelRun(
            runs,
            run,
            `Cancelled by a rollback requested by ${actor}`,
            this.deps.clock(),
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
        };
      },
      { successDetails: r => ({ started: r.started, cancelledTaskId }) },
    );
    if (result.started) {
      await this.deps.tenantChanges.announceState(result.tenant);
    }
    return { tenant: result.tenant, started: result.started, cancelledTaskId };
  }

  /** Appends a line of rollback progress to the tenant's newest run log. */
  async recordProgress(
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
  async finish(
    actor: string,
    tenantId: string,
    outcome: RollbackOutcome,
  ): Promise<Tenant> {
    const failure = rollbackFailure(outcome);
    const message =
      failure ??
      `Rollback completed: ${
        'deleted' in outcome ? outcome.deleted.length : 0
      } object(s) deleted, none with the tenant's labels left`;
    const state = failure ? 'failed' : 'rolled_back';
    const tenant = await this.deps.audit.audited(
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
      {
        successDetails: () => ({
          state,
          message,
          ...('deleted' in outcome
            ? { deleted: outcome.deleted.length, remaining: outcome.remaining }
            : {}),
        }),
      },
    );
    await this.deps.tenantChanges.announceState(tenant);
    return tenant;
  }

  /** Tenants whose rollback was interrupted (e.g. by a restart), to resume it. */
  async tenantsRollingBack(): Promise<Tenant[]> {
    return new TenantStore(this.db).listTenantsInState('rolling_back');
  }
}

/** A run that is going or about to go: its task may still create objects. */
function isActive(tenant: Tenant, run: TenantRun): boolean {
  return (
    (run.status === 'pending' || run.status === 'in_progress') &&
    tenant.state !== 'failed' &&
    tenant.state !== 'rolled_back'
  );
}

/** Marks an active run and its running phase failed with the given reason. */
async function cancelRun(
  runs: RunStore,
  run: TenantRun,
  reason: string,
  now: Date,
) {
  for (const phase of run.phases.filter(p => p.status === 'in_progress')) {
    await runs.updatePhase(run.id, phase.phaseId, {
      status: 'failed',
      finishedAt: now,
      errorMessage: reason,
    });
  }
  await runs.updateRun(run.id, { status: 'failed', finishedAt: now });
  await runs.appendLogs(run.id, [{ level: 'warn', message: reason }]);
}

/** Why a rollback did not end `rolled_back`, or undefined when it did. */
function rollbackFailure(outcome: RollbackOutcome): string | undefined {
  if ('error' in outcome) {
    return `Rollback failed: ${outcome.error}`;
  }
  if (outcome.remaining.length > 0) {
    return `Rollback incomplete: ${
      outcome.remaining.length
    } object(s) with the tenant's labels remain: ${outcome.remaining.join(
      ', ',
    )}`;
  }
  return undefined;
}
