import {
  getPhase,
  LogLevel,
  PhaseId,
  PhaseStatus,
  ProvisioningStatus,
  RunStatus,
  TOTAL_PHASES,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { ExpectedDurations } from './expectedDurations';

/** The share of its weight an unfinished phase can earn at most. */
export const IN_PROGRESS_CAP = 0.95;

/** How many of the newest log lines the status carries. */
export const STATUS_LOG_LINES = 200;

/** What the status is computed from: a run, its phases and its newest logs. */
export interface StatusInput {
  tenantId: string;
  run: {
    status: RunStatus;
    createdAt: string;
    startedAt?: string;
    finishedAt?: string;
    phases: Array<{
      phaseId: PhaseId;
      status: PhaseStatus;
      startedAt?: string;
    }>;
  };
  logs: Array<{
    at: string;
    level: LogLevel;
    phaseId?: PhaseId;
    message: string;
  }>;
  expectedDurations: ExpectedDurations;
  now: Date;
}

export function formatLogLine(line: StatusInput['logs'][number]): string {
  const phase = line.phaseId ? ` [${line.phaseId}]` : '';
  return `${line.at} ${line.level.toUpperCase()}${phase} ${line.message}`;
}

/**
 * Computes the seed's `ProvisioningStatus` of a run. Progress is weighted by
 * the expected phase durations: completed phases count fully, the running
 * phase counts by elapsed/expected but never more than {@link IN_PROGRESS_CAP}
 * of its weight. The ETA is now plus the expected time still to go (for a
 * finished run, the time it finished).
 */
export function computeProvisioningStatus(
  input: StatusInput,
): ProvisioningStatus {
  const { run, now, expectedDurations } = input;
  const phases = run.phases;
  const weight = (id: PhaseId) => Math.max(expectedDurations[id], 0);
  const total = phases.reduce((sum, p) => sum + weight(p.phaseId), 0);

  let done = 0;
  let remainingSeconds = 0;
  for (const phase of phases) {
    const expected = weight(phase.phaseId);
    if (phase.status === 'completed') {
      done += expected;
    } else if (phase.status === 'in_progress') {
      const elapsed = phase.startedAt
        ? Math.max(0, (now.getTime() - Date.parse(phase.startedAt)) / 1000)
        : 0;
      const fraction =
        expected > 0 ? Math.min(elapsed / expected, IN_PROGRESS_CAP) : 0;
      done += expected * fraction;
      remainingSeconds += expected * (1 - fraction);
    } else if (phase.status === 'pending') {
      remainingSeconds += expected;
    }
  }

  const current =
    phases.findIndex(p => p.status === 'in_progress') + 1 ||
    phases.findIndex(p => p.status === 'failed') + 1 ||
    phases.findIndex(p => p.status === 'pending') + 1 ||
    phases.length;
  const currentPhase = phases[current - 1];

  let progress: number;
  if (run.status === 'completed') {
    progress = 100;
  } else if (total <= 0) {
    progress = 0;
  } else {
    progress = Math.min(99, Math.floor((done / total) * 100));
  }

  const finished =
    (run.status === 'completed' || run.status === 'failed') && run.finishedAt;
  const estimatedCompletion = finished
    ? run.finishedAt!
    : new Date(now.getTime() + remainingSeconds * 1000).toISOString();

  return {
    tenant_id: input.tenantId,
    current_phase: current,
    total_phases: TOTAL_PHASES,
    phase_name: currentPhase ? getPhase(currentPhase.phaseId).name : '',
    status: run.status,
    progress_percentage: progress,
    logs: input.logs.slice(-STATUS_LOG_LINES).map(formatLogLine),
    started_at: run.startedAt ?? run.createdAt,
    estimated_completion: estimatedCompletion,
  };
}
