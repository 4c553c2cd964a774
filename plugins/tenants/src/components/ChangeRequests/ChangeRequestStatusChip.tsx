import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { ChangeRequestStatus } from '@internal/backstage-plugin-tenants-common';
import { CHANGE_REQUEST_STATUS_LABELS } from './presentation';

/** A change request's status with Backstage's status colours. */
export function ChangeRequestStatusChip(props: { status: ChangeRequestStatus }) {
  const label = CHANGE_REQUEST_STATUS_LABELS[props.status] ?? props.status;
  switch (props.status) {
    case 'applied':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'approved':
    case 'applying':
      return <StatusRunning>{label}</StatusRunning>;
    case 'rejected':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
