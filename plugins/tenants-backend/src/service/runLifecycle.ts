import type {
  Tenant,
  TenantRun,
} from '@internal/backstage-plugin-tenants-common';
import { Knex } from 'knex';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';

/** `in_progress` → `in progress`, for messages. */
export const humanize = (status: string) => status.replace('_', ' ');

/** Why a rollback did not end `rolled_back`, or undefined when it did. */
export function rollbackFailure(
  outcome: { deleted: string[]; remaining: string[] } | { error: string },
): string | undefined {
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

/** A run that is going or about to go: its task may still create objects. */
export function isActive(tenant: Tenant, run: TenantRun): boolean {
  return (
    (run.status === 'pending' || run.status === 'in_progress') &&
    tenant.state !== 'failed' &&
    tenant.state !== 'rolled_back'
  );
}

/** Marks an active run and its running phase failed with the given reason. */
export async function cancelRun(
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

/**
 * A failed task retried in the scaffolder's own task page reports the start
 * of the phase that failed: that opens the next attempt, as a retry through
 * the Tenant Service would have.
 */
export function isRetriedFromTaskPage(
  tenant: Tenant,
  run: TenantRun,
  phaseId: string,
  eventType: string,
): boolean {
  return (
    eventType === 'started' &&
    tenant.state === 'failed' &&
    run.status === 'failed' &&
    run.phases.find(p => p.status === 'failed')?.phaseId === phaseId
  );
}

/**
 * Creates the attempt after a failed one, keeping the phases completed before
 * the failure, and sets the tenant provisioning again.
 */
export async function openNextAttempt(
  tx: Knex.Transaction,
  tenant: Tenant,
  failed: TenantRun,
  options: { taskId?: string; reason: string },
): Promise<TenantRun> {
  const runs = new RunStore(tx);
  const failedIndex = failed.phases.findIndex(p => p.status === 'failed');
  const kept = failed.phases.filter(
    (p, index) =>
      p.status === 'completed' && (failedIndex < 0 || index < failedIndex),
  );
  const run = await runs.createRun({
    tenantId: tenant.id,
    attempt: failed.attempt + 1,
    scaffolderTaskId: options.taskId,
    completedPhases: kept,
  });
  await new TenantStore(tx).setState(tenant.id, 'provisioning');
  await runs.appendLogs(run.id, [
    {
      level: 'info',
      message: `Attempt ${run.attempt} ${options.reason} after attempt ${failed.attempt} failed; ${kept.length} completed phase(s) kept`,
    },
  ]);
  return run;
}
