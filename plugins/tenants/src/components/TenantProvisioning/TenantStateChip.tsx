import type { TenantState } from '@tenant-platform/backstage-plugin-tenants-common';
import { StatusChip, type StatusKind } from '../shared/StatusChip';
import { STATE_LABELS } from './presentation';

const KINDS: Partial<Record<TenantState, StatusKind>> = {
  ready: 'ok',
  failed: 'error',
  provisioning: 'running',
  rolling_back: 'running',
  updating: 'running',
  rolled_back: 'aborted',
};

/** A tenant's state with Backstage's status colours. */
export function TenantStateChip(props: { state: TenantState }) {
  return (
    <StatusChip
      kind={KINDS[props.state] ?? 'pending'}
      label={STATE_LABELS[props.state] ?? props.state}
    />
  );
}
