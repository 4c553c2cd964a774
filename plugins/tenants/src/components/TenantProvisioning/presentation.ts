import {
  getPhase,
  PROVISIONING_PHASES,
  type PhaseId,
  type TenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDetails, TenantRunPhase } from '../../api/TenantsApi';

const PHASE_IDS: readonly string[] = PROVISIONING_PHASES.map(p => p.id);

/** `Phase 5.5 · Ingress` */
export function phaseLabel(id: PhaseId): string {
  const phase = getPhase(id);
  return `Phase ${phase.number} · ${phase.name}`;
}

/** One line of the Tenant Service's run log, split into its parts. */
export interface LogLine {
  at?: string;
  level?: 'INFO' | 'WARN' | 'ERROR';
  phaseId?: PhaseId;
  message: string;
  /** The line as the Tenant Service formatted it. */
  raw: string;
}

const LOG_LINE = /^(\S+) (INFO|WARN|ERROR)(?: \[([a-z-]+)\])? (.*)$/s;

/** Parses `<at> <LEVEL> [<phase>] <message>` (the phase is optional). */
export function parseLogLine(raw: string): LogLine {
  const match = LOG_LINE.exec(raw);
  if (!match) return { message: raw, raw };
  const [, at, level, phase, message] = match;
  return {
    at,
    level: level as LogLine['level'],
    phaseId:
      phase && PHASE_IDS.includes(phase) ? (phase as PhaseId) : undefined,
    message,
    raw,
  };
}

/** Whether a provisioning run is still going (pending or in progress). */
export function isRunActive(tenant: TenantDetails | undefined): boolean {
  const status = tenant?.latestRun?.status;
  return status === 'pending' || status === 'in_progress';
}

/** Whether something is changing: a run is going or a rollback is under way. */
export function isTenantBusy(tenant: TenantDetails | undefined): boolean {
  return isRunActive(tenant) || tenant?.state === 'rolling_back';
}

/** The failed phase of the newest run, if any. */
export function failedPhaseOf(
  tenant: TenantDetails | undefined,
): TenantRunPhase | undefined {
  return tenant?.latestRun?.phases.find(p => p.status === 'failed');
}

/** Human words for tenant states. */
export const STATE_LABELS: Record<TenantState, string> = {
  pending: 'Pending',
  provisioning: 'Provisioning',
  ready: 'Ready',
  failed: 'Failed',
  rolling_back: 'Rolling back',
  rolled_back: 'Rolled back',
  updating: 'Updating',
};

/** `42 s`, `3 min 5 s`, `1 h 2 min` */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    const rest = s % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Seconds between two instants (the second one defaults to now). */
export function secondsBetween(from: string, to?: string, now = Date.now()) {
  return ((to ? Date.parse(to) : now) - Date.parse(from)) / 1000;
}

/** A local time of day, e.g. `14:05:31`. */
export function timeOfDay(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}
