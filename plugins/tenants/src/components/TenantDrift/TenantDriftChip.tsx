import Tooltip from '@material-ui/core/Tooltip';
import type { TenantDriftSummary } from '@tenant-platform/backstage-plugin-tenants-common';
import { StatusChip, type StatusKind } from '../shared/StatusChip';

/** Display names of drift states, as the tenants list shows and filters them. */
export const DRIFT_STATE_LABELS: Record<TenantDriftSummary['state'], string> = {
  in_sync: 'In sync',
  drifted: 'Drifted',
  unknown: 'Unknown',
  unchecked: 'Not checked',
};

const KINDS: Record<TenantDriftSummary['state'], StatusKind> = {
  in_sync: 'ok',
  drifted: 'error',
  unknown: 'aborted',
  unchecked: 'pending',
};

/**
 * A tenant's last drift check in short, with Backstage's status colours:
 * `Drifted (3)`; when it was checked shows on hover.
 */
export function TenantDriftChip(props: { drift: TenantDriftSummary }) {
  const { drift } = props;
  const label =
    drift.state === 'drifted'
      ? `${DRIFT_STATE_LABELS.drifted} (${drift.differences})`
      : DRIFT_STATE_LABELS[drift.state];
  const chip = <StatusChip kind={KINDS[drift.state]} label={label} />;
  if (drift.state === 'unchecked') return chip;
  return (
    <Tooltip
      title={`Checked ${new Date(drift.checkedAt).toLocaleString()}`}
      placement="top-start"
    >
      <span>{chip}</span>
    </Tooltip>
  );
}
