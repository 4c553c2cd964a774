import type { ChangeRequestStatus } from '@tenant-platform/backstage-plugin-tenants-common';
import { StatusChip, type StatusKind } from '../shared/StatusChip';
import { CHANGE_REQUEST_STATUS_LABELS } from './presentation';

const KINDS: Record<ChangeRequestStatus, StatusKind> = {
  pending: 'pending',
  approved: 'running',
  applying: 'running',
  applied: 'ok',
  failed: 'error',
  rejected: 'aborted',
  reverted: 'aborted',
};

/** A change request's status with Backstage's status colours. */
export function ChangeRequestStatusChip(props: {
  status: ChangeRequestStatus;
}) {
  return (
    <StatusChip
      kind={KINDS[props.status] ?? 'pending'}
      label={CHANGE_REQUEST_STATUS_LABELS[props.status] ?? props.status}
    />
  );
}
