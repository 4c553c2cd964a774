import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import {
  LogLevel,
  PhaseId,
  PhaseStatus,
  PROVISIONING_PHASES,
  ResourceTier,
  RunStatus,
  TenantRun,
  TenantRunPhase,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { forUpdate, isUniqueViolation, toIso, toIsoOrUndefined } from './util';

/** The newest log lines kept per run; older ones are dropped as new ones arrive. */
export const MAX_LOG_LINES_PER_RUN = 2000;

/** One run log line. */
export interface LogRecord {
  id: number;
  phaseId?: PhaseId;
  at: string;
  level: LogLevel;
  message: string;
}

/** How long one phase took in a completed past run. */
export interface PhaseObservation {
  phaseId: PhaseId;
  durationSeconds: number;
}

type Timestamp = Date | string | number;

interface RunRow {
  id: string;
  tenant_id: string;
  attempt: number;
  scaffolder_task_id: string | null;
  status: RunStatus;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

interface PhaseRow {
  run_id: string;
  phase_id: PhaseId;
  ordinal: number;
  status: PhaseStatus;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  error_message: string | null;
}

interface LogRow {
  id: number;
  run_id: string;
  phase_id: PhaseId | null;
  logged_at: Timestamp;
  level: LogLevel;
  message: string;
}

function toPhase(row: PhaseRow): TenantRunPhase {
  return {
    phaseId: row.phase_id,
    ordinal: row.ordinal,
    status: row.status,
    startedAt: toIsoOrUndefined(row.started_at),
    finishedAt: toIsoOrUndefined(row.finished_at),
    errorMessage: row.error_message ?? undefined,
  };
}

function toRun(row: RunRow, phases: PhaseRow[]): TenantRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    attempt: row.attempt,
    scaffolderTaskId: row.scaffolder_task_id ?? undefined,
    status: row.status,
    createdAt: toIso(row.created_at),
    startedAt: toIsoOrUndefined(row.started_at),
    finishedAt: toIsoOrUndefined(row.finished_at),
    phases: phases.sort((a, b) => a.ordinal - b.ordinal).map(toPhase),
  };
}

/** Provisioning runs, their phase records and their logs. Construct it on a transaction to take part in one. */
export class RunStore {
  constructor(private readonly db: Knex) {}

  /**
   * Creates attempt `attempt` of a tenant with its eight phase records. Phases
   * listed in `completedPhases` start out completed (a retry keeps them), with
   * the timestamps they had. The unique (tenant, attempt) index makes
   * concurrent creation of the same attempt fail with a ConflictError.
   */
  async createRun(input: {
    tenantId: string;
    attempt: number;
    scaffolderTaskId?: string;
    completedPhases?: TenantRunPhase[];
  }): Promise<TenantRun> {
    const now = new Date();
    const run: RunRow = {
      id: randomUUID(),
      tenant_id: input.tenantId,
      attempt: input.attempt,
      scaffolder_task_id: input.scaffolderTaskId ?? null,
      status: 'pending',
      created_at: now,
      started_at: null,
      finished_at: null,
    };
    const kept = new Map(
      (input.completedPhases ?? []).map(p => [p.phaseId, p] as const),
    );
    const phases: PhaseRow[] = PROVISIONING_PHASES.map((phase, index) => {
      const previous = kept.get(phase.id);
      return {
        run_id: run.id,
        phase_id: phase.id,
        ordinal: index + 1,
        status: previous ? 'completed' : 'pending',
        started_at: previous?.startedAt ? new Date(previous.startedAt) : null,
        finished_at: previous?.finishedAt
          ? new Date(previous.finishedAt)
          : null,
        error_message: null,
      };
    });
    try {
      await this.db<RunRow>('tenant_runs').insert(run);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Attempt ${input.attempt} of this tenant already exists; reload and try again`,
        );
      }
      throw error;
    }
    await this.db<PhaseRow>('tenant_run_phases').insert(phases);
    return toRun(run, phases);
  }

  /**
   * The newest run of a tenant, or undefined when it has none. With
   * `lock: true` the run row stays locked until the surrounding transaction
   * ends, so concurrent phase events of one run apply one after the other.
   */
  async getLatestRun(
    tenantId: string,
    options?: { lock?: boolean },
  ): Promise<TenantRun | undefined> {
    const query = this.db<RunRow>('tenant_runs')
      .where({ tenant_id: tenantId })
      .orderBy('attempt', 'desc')
      .first();
    const run: RunRow | undefined = await (options?.lock
      ? forUpdate(this.db, query)
      : query);
    if (!run) {
      return undefined;
    }
    const phases = await this.db<PhaseRow>('tenant_run_phases').where({
      run_id: run.id,
    });
    return toRun(run, phases);
  }

  async updateRun(
    runId: string,
    patch: { status: RunStatus; startedAt?: Date; finishedAt?: Date },
  ): Promise<void> {
    await this.db<RunRow>('tenant_runs')
      .where({ id: runId })
      .update({
        status: patch.status,
        ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
        ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
      });
  }

  async updatePhase(
    runId: string,
    phaseId: PhaseId,
    patch: {
      status: PhaseStatus;
      startedAt?: Date;
      finishedAt?: Date;
      errorMessage?: string;
    },
  ): Promise<void> {
    await this.db<PhaseRow>('tenant_run_phases')
      .where({ run_id: runId, phase_id: phaseId })
      .update({
        status: patch.status,
        ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
        ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
        ...(patch.errorMessage !== undefined
          ? { error_message: patch.errorMessage }
          : {}),
      });
  }

  /** Deletes a run with its phases and logs (undoing an attempt that could not start). */
  async deleteRun(runId: string): Promise<void> {
    await this.db('tenant_run_logs').where({ run_id: runId }).delete();
    await this.db('tenant_run_phases').where({ run_id: runId }).delete();
    await this.db('tenant_runs').where({ id: runId }).delete();
  }

  /** Appends log lines and drops the oldest beyond {@link MAX_LOG_LINES_PER_RUN}. */
  async appendLogs(
    runId: string,
    lines: Array<{ phaseId?: PhaseId; level: LogLevel; message: string }>,
    options?: { maxLines?: number },
  ): Promise<void> {
    if (lines.length === 0) {
      return;
    }
    const now = new Date();
    await this.db<LogRow>('tenant_run_logs').insert(
      lines.map(line => ({
        run_id: runId,
        phase_id: line.phaseId ?? null,
        logged_at: now,
        level: line.level,
        message: line.message,
      })),
    );
    const maxLines = options?.maxLines ?? MAX_LOG_LINES_PER_RUN;
    const cutoff = await this.db<LogRow>('tenant_run_logs')
      .where({ run_id: runId })
      .orderBy('id', 'desc')
      .offset(maxLines)
      .first('id');
    if (cutoff) {
      await this.db<LogRow>('tenant_run_logs')
        .where({ run_id: runId })
        .andWhere('id', '<=', cutoff.id)
        .delete();
    }
  }

  /** The newest `limit` log lines of a run, oldest first. */
  async listLogs(runId: string, limit: number): Promise<LogRecord[]> {
    const rows = await this.db<LogRow>('tenant_run_logs')
      .where({ run_id: runId })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(row => ({
      id: Number(row.id),
      phaseId: row.phase_id ?? undefined,
      at: toIso(row.logged_at),
      level: row.level,
      message: row.message,
    }));
  }

  async countLogs(runId: string): Promise<number> {
    const [{ count }] = await this.db('tenant_run_logs')
      .where({ run_id: runId })
      .count({ count: '*' });
    return Number(count);
  }

  /**
   * Durations of the completed phases of the newest `maxRuns` completed runs
   * of tenants of one resource tier: the history that replaces the
   * specification's priors in progress and ETA estimates.
   */
  async observedPhaseDurations(
    resourceTier: ResourceTier,
    options?: { maxRuns?: number },
  ): Promise<PhaseObservation[]> {
    const runIds = this.db('tenant_runs as r')
      .join('tenants as t', 't.id', 'r.tenant_id')
      .where('r.status', 'completed')
      .andWhere('t.resource_tier', resourceTier)
      .orderBy('r.finished_at', 'desc')
      .limit(options?.maxRuns ?? 50)
      .select('r.id');
    const rows: PhaseRow[] = await this.db<PhaseRow>('tenant_run_phases')
      .whereIn('run_id', await runIds.then(r => r.map(x => x.id)))
      .andWhere('status', 'completed')
      .whereNotNull('started_at')
      .whereNotNull('finished_at');
    return rows.map(row => ({
      phaseId: row.phase_id,
      durationSeconds:
        (new Date(row.finished_at!).getTime() -
          new Date(row.started_at!).getTime()) /
        1000,
    }));
  }
}
