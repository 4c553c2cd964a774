import type { Knex } from 'knex';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  retryRequestSchema,
  type TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { AuditRequest, AuditTrail } from '../audit/AuditTrail';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import type { TenantChangeAnnouncer } from '../tenantChanges/TenantChangeAnnouncer';
import { parseRequest, parseTenantId } from '../validation/parseRequest';
import { openNextAttempt } from './runAttempts';

/** Retry of a failed provisioning run (`POST /v1/tenants/:id/retry`). */
export class RunRetry {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      tenantChanges: TenantChangeAnnouncer;
      /** Retries the failed scaffolder task; without it, retry only records a new attempt. */
      scaffolder?: Pick<ScaffolderTasks, 'retry'>;
    },
  ) {}

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
  ): Promise<{ previous: TenantRun; run: TenantRun }> {
    // The outcome is audited once the scaffolder answered, under this context.
    const context: AuditRequest = { actor, action: 'tenant.retry' };
    const result = await this.deps.audit.audited(
      context,
      async (tx, audit) => {
        const id = parseTenantId(rawId);
        audit.tenantId = id;
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
      { auditSuccess: false },
    );
    const { previous, run, taskToRetry } = result;
    const outcomeContext = { ...context, tenantId: result.tenant.id };
    const details = {
      previousRunId: previous.id,
      previousAttempt: previous.attempt,
      runId: run.id,
      attempt: run.attempt,
      taskId: run.scaffolderTaskId,
    };
    if (taskToRetry) {
      try {
        if (!this.deps.scaffolder || !credentials) {
          throw new ServiceUnavailableError(
            'The Tenant Service cannot reach the scaffolder to retry the task',
          );
        }
        await this.deps.scaffolder.retry(
          credentials,
          taskToRetry,
          result.input.secrets,
        );
      } catch (error) {
        await this.db.transaction(async tx => {
          await new RunStore(tx).deleteRun(run.id);
          await new TenantStore(tx).setState(result.tenant.id, 'failed');
        });
        await this.deps.audit.record(outcomeContext, 'failure', {
          ...details,
          error: {
            name: (error as Error).name,
            message: (error as Error).message,
          },
        });
        throw error;
      }
    }
    await this.deps.audit.record(outcomeContext, 'success', details);
    await this.deps.tenantChanges.announce({
      tenant: { ...result.tenant, state: 'provisioning' },
      run: { attempt: run.attempt, status: run.status },
    });
    return { previous, run };
  }
}
