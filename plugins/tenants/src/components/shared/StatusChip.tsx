import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';

/** How a state looks: Backstage's status colours. */
export type StatusKind = 'ok' | 'error' | 'running' | 'aborted' | 'pending';

export function StatusChip(props: { kind: StatusKind; label: string }) {
  const { kind, label } = props;
  switch (kind) {
    case 'ok':
      return <StatusOK>{label}</StatusOK>;
    case 'error':
      return <StatusError>{label}</StatusError>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'aborted':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
