import { withDatabase } from '../../__testUtils__/postgres';

/** A run of a tenant as the Tenant Service stores it, with its phases and log. */
export interface StoredRun {
  attempt: number;
  status: string;
  scaffolderTaskId: string | null;
  phases: Array<{
    phaseId: string;
    status: string;
    startedAt: Date | null;
    finishedAt: Date | null;
  }>;
  /** `<phase id or ->: <message>`, oldest first. */
  log: string[];
}

/**
 * Every provisioning run of the tenant, read straight from the Tenant
 * Service's tables in the database `<prefix>tenants` of a backend whose
 * plugins have databases of their own (PostgreSQL, pluginDivisionMode
 * `database`): proof that nothing ran twice, where the API shows only the
 * newest run.
 */
export async function storedRuns(
  databaseUrl: string,
  databasePrefix: string,
  tenantId: string,
): Promise<StoredRun[]> {
  return withDatabase(databaseUrl, `${databasePrefix}tenants`, async db => {
    const runs = await db.query(
      'SELECT id, attempt, status, scaffolder_task_id FROM tenant_runs WHERE tenant_id = $1 ORDER BY attempt',
      [tenantId],
    );
    const result: StoredRun[] = [];
    for (const run of runs.rows) {
      const phases = await db.query(
        'SELECT phase_id, status, started_at, finished_at FROM tenant_run_phases WHERE run_id = $1 ORDER BY ordinal',
        [run.id],
      );
      const log = await db.query(
        'SELECT phase_id, message FROM tenant_run_logs WHERE run_id = $1 ORDER BY id',
        [run.id],
      );
      result.push({
        attempt: run.attempt,
        status: run.status,
        scaffolderTaskId: run.scaffolder_task_id,
        phases: phases.rows.map(p => ({
          phaseId: p.phase_id,
          status: p.status,
          startedAt: p.started_at,
          finishedAt: p.finished_at,
        })),
        log: log.rows.map(l => `${l.phase_id ?? '-'}: ${l.message}`),
      });
    }
    return result;
  });
}
