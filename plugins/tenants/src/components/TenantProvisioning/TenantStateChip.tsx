import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { TenantState } from '@internal/backstage-plugin-tenants-common';
import { STATE_LABELS } from './presentation';

/** A tenant's state with Backstage's status colours. */
export function TenantStateChip(props: { state: TenantState }) {
  const label = STATE_LABELS[props.state] ?? props.state;
  switch (props.state) {
    case 'ready':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'provisioning':
    case 'rolling_back':
    case 'updating':
      return <StatusRunning>{label}</StatusRunning>;
    case 'rolled_back':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
