import type {
  RolloutState,
  RolloutTenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { StatusChip } from '../shared/StatusChip';
import {
  ROLLOUT_STATE_KINDS,
  ROLLOUT_STATE_LABELS,
  ROLLOUT_TENANT_STATE_KINDS,
  ROLLOUT_TENANT_STATE_LABELS,
} from './presentation';

/** A rollout's state with Backstage's status colours. */
export function RolloutStateChip(props: { state: RolloutState }) {
  return (
    <StatusChip
      kind={ROLLOUT_STATE_KINDS[props.state] ?? 'pending'}
      label={ROLLOUT_STATE_LABELS[props.state] ?? props.state}
    />
  );
}

/** A tenant's state in a rollout with Backstage's status colours. */
export function RolloutTenantStateChip(props: { state: RolloutTenantState }) {
  return (
    <StatusChip
      kind={ROLLOUT_TENANT_STATE_KINDS[props.state] ?? 'pending'}
      label={ROLLOUT_TENANT_STATE_LABELS[props.state] ?? props.state}
    />
  );
}
