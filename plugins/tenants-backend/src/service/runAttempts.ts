import { Knex } from 'knex';
import type {
  Tenant,
  TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';

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
