import type {
  ChangeRequestStatus,
  RolloutTenant,
  RolloutTenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { RolloutTenantUpdate } from './RolloutStore';

/**
 * What the status of the change request of an upgrading or reverting tenant
 * means for it; undefined while the request is still being applied. Pure.
 */
export function settleRolloutTenant(
  tenant: Pick<RolloutTenant, 'state' | 'fromVersion'>,
  request: { status: ChangeRequestStatus; errorMessage?: string },
  now: Date,
): RolloutTenantUpdate | undefined {
  const done = (state: RolloutTenantState, errorMessage: string | null) => ({
    state,
    errorMessage,
    finishedAt: now,
  });
  const error = request.errorMessage ?? 'unknown error';
  if (tenant.state === 'upgrading') {
    switch (request.status) {
      case 'applied':
        return done('upgraded', null);
      case 'failed':
        return done('failed', `The upgrade failed: ${error}`);
      case 'reverted':
        return done(
          'reverted',
          'The failed upgrade was reverted from the tenant’s change requests',
        );
      case 'rejected':
        return done('failed', 'The upgrade’s change request was rejected');
      default:
        return undefined;
    }
  }
  if (tenant.state === 'reverting') {
    switch (request.status) {
      case 'applied':
        return done('reverted', null);
      case 'failed':
        return done(
          'failed',
          `Returning to platform version ${tenant.fromVersion} failed: ${error}`,
        );
      default:
        return undefined;
    }
  }
  return undefined;
}

/** What the runner does next with a running rollout. */
export type WaveStep =
  | { type: 'stop'; reason: string }
  | { type: 'start'; wave: number; tenantIds: string[] }
  | { type: 'wait' }
  | { type: 'next-wave'; wave: number; nextWaveAt?: Date }
  | { type: 'complete'; reason?: string };

/**
 * The next step of a running rollout from its tenants' states. Pure: stop
 * at `maxFailures` failed tenants; start the pending tenants of the current
 * wave once its pause is over; wait while any of its tenants is upgraded or
 * reverted; otherwise move to the next wave (after `pauseSeconds`), or
 * complete after the last one.
 */
export function nextWaveStep(
  rollout: {
    currentWave: number;
    waves: number;
    maxFailures: number;
    pauseSeconds: number;
    nextWaveAt?: string;
  },
  tenants: Array<
    Pick<RolloutTenant, 'tenantId' | 'tenantSlug' | 'wave' | 'state'>
  >,
  now: Date,
): WaveStep {
  const failed = tenants.filter(t => t.state === 'failed');
  if (failed.length >= rollout.maxFailures) {
    return {
      type: 'stop',
      reason: `${failed.length} tenant(s) failed (the rollout stops at ${
        rollout.maxFailures
      }): ${failed
        .slice(0, 10)
        .map(t => t.tenantSlug)
        .join(', ')}${failed.length > 10 ? ', …' : ''}`,
    };
  }
  const wave = rollout.currentWave;
  if (wave >= rollout.waves) {
    return {
      type: 'complete',
      ...(failed.length
        ? { reason: `Completed with ${failed.length} failed tenant(s)` }
        : {}),
    };
  }
  const inWave = tenants.filter(t => t.wave === wave);
  const pending = inWave.filter(t => t.state === 'pending');
  if (pending.length > 0) {
    if (rollout.nextWaveAt && now < new Date(rollout.nextWaveAt)) {
      return { type: 'wait' };
    }
    return { type: 'start', wave, tenantIds: pending.map(t => t.tenantId) };
  }
  if (inWave.some(t => t.state === 'upgrading' || t.state === 'reverting')) {
    return { type: 'wait' };
  }
  const next = wave + 1;
  return {
    type: 'next-wave',
    wave: next,
    ...(rollout.pauseSeconds > 0 && next < rollout.waves
      ? { nextWaveAt: new Date(now.getTime() + rollout.pauseSeconds * 1000) }
      : {}),
  };
}
