import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ROLLOUTS_SIGNAL_CHANNEL,
  type Rollout,
  type RolloutSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantGroups } from '../permissions/TenantGroups';

/** Tells the platform admins' Rollouts pages that a rollout changed. */
export async function publishRolloutSignal(
  signals: SignalsService,
  rollout: Rollout,
  groups: TenantGroups,
): Promise<void> {
  const message: RolloutSignal = {
    rolloutId: rollout.id,
    state: rollout.state,
  };
  await signals.publish({
    recipients: { type: 'user', entityRef: [...groups.platformAdminGroups] },
    channel: ROLLOUTS_SIGNAL_CHANNEL,
    message,
  });
}
