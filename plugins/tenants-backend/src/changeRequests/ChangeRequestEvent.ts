import type { ChangeRequestRecord } from './ChangeRequestStore';

/** What happened to a change request. */
export type ChangeRequestEventKind =
  | 'created'
  | 'approved'
  | 'rejected'
  | 'applying'
  | 'applied'
  | 'failed'
  | 'retried'
  | 'reverted';

/** A committed change of a change request, for notifications and signals. */
export interface ChangeRequestEvent {
  kind: ChangeRequestEventKind;
  /** The request after the change. */
  changeRequest: ChangeRequestRecord;
  /** Who caused it: a user entity ref, or the apply action's service principal. */
  actor: string;
}

/** Called after each committed change request event; failures are logged, never thrown. */
export type ChangeRequestListener = (
  event: ChangeRequestEvent,
) => Promise<void>;
