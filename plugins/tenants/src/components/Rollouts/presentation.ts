import type {
  PlatformVersionsResponse,
  Rollout,
  RolloutState,
  RolloutTenant,
  RolloutTenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { StatusKind } from '../shared/StatusChip';

/** A rollout's state as the page shows it. */
export const ROLLOUT_STATE_LABELS: Record<RolloutState, string> = {
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
  cancelled: 'Cancelled',
  completed: 'Completed',
};

export const ROLLOUT_STATE_KINDS: Record<RolloutState, StatusKind> = {
  running: 'running',
  paused: 'pending',
  stopped: 'error',
  cancelled: 'aborted',
  completed: 'ok',
};

/** A tenant's state in a rollout as the page shows it. */
export const ROLLOUT_TENANT_STATE_LABELS: Record<RolloutTenantState, string> = {
  pending: 'Pending',
  upgrading: 'Upgrading',
  upgraded: 'Upgraded',
  failed: 'Failed',
  reverting: 'Reverting',
  reverted: 'Reverted',
  skipped: 'Skipped',
};

export const ROLLOUT_TENANT_STATE_KINDS: Record<
  RolloutTenantState,
  StatusKind
> = {
  pending: 'pending',
  upgrading: 'running',
  upgraded: 'ok',
  failed: 'error',
  reverting: 'running',
  reverted: 'aborted',
  skipped: 'aborted',
};

/** Whether a rollout may still change (waves to run, or paused or stopped). */
export const isRolloutOpen = (state: RolloutState) =>
  state === 'running' || state === 'paused' || state === 'stopped';

/** Tenants in all, from the counts by state. */
export const tenantCount = (rollout: Pick<Rollout, 'counts'>) =>
  Object.values(rollout.counts).reduce((sum, n) => sum + n, 0);

/** Progress in words, e.g. `5/12 upgraded, 1 failed, 2 skipped`. */
export function rolloutProgress(rollout: Pick<Rollout, 'counts'>): string {
  const { counts } = rollout;
  const extra = (['failed', 'reverted', 'skipped'] as const)
    .filter(state => counts[state] > 0)
    .map(state => `${counts[state]} ${state}`);
  return [`${counts.upgraded}/${tenantCount(rollout)} upgraded`, ...extra].join(
    ', ',
  );
}

/** `Wave 2 of 3`, or `All 3 waves ran` once every wave ran. */
export function currentWaveLabel(
  rollout: Pick<Rollout, 'currentWave' | 'waves'>,
): string {
  if (rollout.currentWave >= rollout.waves) {
    return rollout.waves === 1
      ? 'The only wave ran'
      : `All ${rollout.waves} waves ran`;
  }
  return `Wave ${rollout.currentWave + 1} of ${rollout.waves}`;
}

const SETTLED: RolloutTenantState[] = [
  'upgraded',
  'failed',
  'reverted',
  'skipped',
];

/**
 * What one wave is doing: `running` while one of its tenants is upgraded or
 * reverted, `done` once all are settled (`skipped` when a cancel skipped all),
 * `waiting until <time>` while the rollout pauses before it, else `paused`,
 * `stopped` or `waiting`.
 */
export function waveStatus(
  rollout: Pick<Rollout, 'state' | 'currentWave' | 'nextWaveAt'>,
  wave: number,
  tenants: Pick<RolloutTenant, 'state'>[],
): string {
  const states = tenants.map(t => t.state);
  if (states.some(s => s === 'upgrading' || s === 'reverting')) {
    return 'running';
  }
  if (states.length > 0 && states.every(s => s === 'skipped')) {
    return 'skipped';
  }
  if (states.every(s => SETTLED.includes(s))) return 'done';
  if (rollout.state === 'paused' || rollout.state === 'stopped') {
    return rollout.state;
  }
  if (
    rollout.state === 'running' &&
    wave === rollout.currentWave &&
    rollout.nextWaveAt
  ) {
    return `waiting until ${new Date(rollout.nextWaveAt).toLocaleString()}`;
  }
  if (rollout.state === 'running' && wave === rollout.currentWave) {
    return 'starting';
  }
  return 'waiting';
}

/** A rollout's tenants by wave (0-based), in their order. */
export function tenantsByWave(tenants: RolloutTenant[]): RolloutTenant[][] {
  const waves: RolloutTenant[][] = [];
  for (const tenant of tenants) {
    (waves[tenant.wave] ??= []).push(tenant);
  }
  return waves.map(wave => wave ?? []);
}

/**
 * Whether a tenant's platform version is older than the one in force: an
 * earlier declared version, or one config no longer declares.
 */
export function isVersionBehind(
  version: string | undefined,
  platform: Pick<PlatformVersionsResponse, 'current' | 'versions'> | undefined,
): boolean {
  if (!version || !platform || version === platform.current) return false;
  const order = platform.versions.map(v => v.version);
  return order.indexOf(version) < order.indexOf(platform.current);
}

/** Seconds in words: `0 s`, `90 s (1 min 30 s)`. */
export function secondsLabel(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${seconds} s (${minutes} min${rest ? ` ${rest} s` : ''})`;
}
