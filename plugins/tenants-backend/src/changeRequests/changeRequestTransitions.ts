import { ConflictError, NotAllowedError } from '@backstage/errors';
import type {
  ChangeRequestEvent,
  ChangeRequestStatus,
  LogLevel,
  TenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { humanize } from '../lib/humanize';
import type { ChangeRequestUpdate } from './ChangeRequestStore';

/** What happens to a change request: a decision, a retry, or a report of the apply action. */
export type ChangeRequestAction =
  | { type: 'approve'; actor: string; comment?: string }
  | { type: 'reject'; actor: string; comment: string }
  | { type: 'retry'; actor: string }
  /** Gives a failed change up; a repair then applies the tenant's objects again. */
  | { type: 'revert'; actor: string; comment?: string }
  | { type: 'started'; taskId?: string }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'applied'; message?: string }
  | { type: 'failed'; message: string }
  /** The scaffolder refused to start (or retry) the task that applies the change. */
  | { type: 'task-not-started'; message: string };

/** The parts of a change request and its surroundings a transition depends on. */
export interface ChangeRequestState {
  id: string;
  status: ChangeRequestStatus;
  requestedBy: string;
  attempts: number;
  /** False for a request that only repairs: applying it writes no spec version. */
  changesSpec: boolean;
  tenantState: TenantState;
  /** Another request of the same tenant that is approved, applying or failed (being applied). */
  inFlight?: { id: string; status: ChangeRequestStatus };
}

/** The writes of one transition; the caller applies them in one transaction. */
export interface ChangeRequestPlan {
  update?: ChangeRequestUpdate;
  /** The tenant's new state. */
  tenantState?: TenantState;
  /** Store the target spec as the tenant's next spec version. */
  writeSpec?: boolean;
  log: { level: LogLevel; message: string };
}

/** Tenant states in which a change can be applied (a failed change leaves the tenant failed until retried). */
const APPLICABLE_TENANT_STATES: readonly TenantState[] = [
  'ready',
  'updating',
  'failed',
];

/**
 * Decides what an action does to a change request, or throws: a
 * NotAllowedError (403) when the requester tries to approve their own
 * request, a ConflictError (409) when the action does not fit the request's
 * or the tenant's state. Pure: no I/O.
 *
 * ```
 * pending ──approve──▶ approved ──started──▶ applying ──applied──▶ applied
 *    │                    │  ▲                  │
 *    └─reject─▶ rejected  │  └──retry── failed ◀┘ failed
 *                         └──failed / task-not-started──▶ failed ──revert──▶ reverted
 * ```
 */
export function planChangeRequestAction(
  request: ChangeRequestState,
  action: ChangeRequestAction,
  now: Date,
): ChangeRequestPlan {
  const { status } = request;
  const refuse = (message: string) => {
    throw new ConflictError(message);
  };
  const tenantIs = humanize(request.tenantState);

  switch (action.type) {
    case 'approve': {
      if (action.actor === request.requestedBy) {
        throw new NotAllowedError(
          'You filed this change request yourself; another platform admin has to approve it',
        );
      }
      if (status !== 'pending') {
        refuse(
          `The change request is ${status}; only pending requests can be approved`,
        );
      }
      if (request.tenantState !== 'ready') {
        refuse(
          `The tenant is ${tenantIs}; change requests can be approved once it is ready`,
        );
      }
      if (request.inFlight) {
        refuse(
          `Change request ${request.inFlight.id} of this tenant is ${request.inFlight.status}; approve this one once it is applied`,
        );
      }
      return {
        update: {
          status: 'approved',
          decidedBy: action.actor,
          decidedAt: now,
          decisionComment: action.comment ?? null,
        },
        log: {
          level: 'info',
          message: `Approved by ${action.actor}${
            action.comment ? `: ${action.comment}` : ''
          }`,
        },
      };
    }
    case 'reject': {
      if (status !== 'pending') {
        refuse(
          `The change request is ${status}; only pending requests can be rejected`,
        );
      }
      return {
        update: {
          status: 'rejected',
          decidedBy: action.actor,
          decidedAt: now,
          decisionComment: action.comment,
          finishedAt: now,
        },
        log: {
          level: 'info',
          message: `Rejected by ${action.actor}: ${action.comment}`,
        },
      };
    }
    case 'retry': {
      if (status !== 'failed') {
        refuse(
          `The change request is ${status}; only a failed change request can be retried`,
        );
      }
      if (!APPLICABLE_TENANT_STATES.includes(request.tenantState)) {
        refuse(`The tenant is ${tenantIs}; the change cannot be applied to it`);
      }
      return {
        update: { status: 'approved', errorMessage: null, finishedAt: null },
        log: { level: 'info', message: `Retry requested by ${action.actor}` },
      };
    }
    case 'started': {
      if (
        status !== 'approved' &&
        status !== 'applying' &&
        status !== 'failed'
      ) {
        refuse(
          `The change request is ${status}; only an approved change can be applied`,
        );
      }
      if (!APPLICABLE_TENANT_STATES.includes(request.tenantState)) {
        refuse(`The tenant is ${tenantIs}; the change cannot be applied to it`);
      }
      if (status === 'applying') {
        // A resumed task (e.g. after a backend restart) reports again.
        return {
          update: action.taskId ? { scaffolderTaskId: action.taskId } : {},
          tenantState: 'updating',
          log: {
            level: 'info',
            message: `Applying resumed (attempt ${request.attempts})`,
          },
        };
      }
      const attempt = request.attempts + 1;
      return {
        update: {
          status: 'applying',
          attempts: attempt,
          startedAt: now,
          finishedAt: null,
          errorMessage: null,
          ...(action.taskId ? { scaffolderTaskId: action.taskId } : {}),
        },
        tenantState: 'updating',
        log: {
          level: 'info',
          message: `Applying started (attempt ${attempt}${
            action.taskId ? `, scaffolder task ${action.taskId}` : ''
          })`,
        },
      };
    }
    case 'revert': {
      if (status !== 'failed') {
        refuse(
          `The change request is ${status}; only a failed change can be reverted`,
        );
      }
      return {
        update: {
          status: 'reverted',
          finishedAt: now,
        },
        log: {
          level: 'info',
          message: `Reverted by ${action.actor}${
            action.comment ? `: ${action.comment}` : ''
          }; a repair applies the tenant's objects again for the spec and platform version it runs`,
        },
      };
    }
    case 'log': {
      if (status === 'pending' || status === 'rejected') {
        refuse(
          `The change request is ${status}; nothing is being applied that could log`,
        );
      }
      return { log: { level: action.level, message: action.message } };
    }
    case 'applied': {
      if (status !== 'applying') {
        refuse(
          `The change request is ${status}; only a change being applied can be reported applied`,
        );
      }
      if (request.tenantState !== 'updating') {
        // e.g. rolled back meanwhile: the change did not survive.
        refuse(
          `The tenant is ${tenantIs}; the change can no longer be recorded as applied`,
        );
      }
      return {
        update: { status: 'applied', finishedAt: now, errorMessage: null },
        tenantState: 'ready',
        writeSpec: request.changesSpec,
        log: { level: 'info', message: action.message ?? 'Change applied' },
      };
    }
    case 'failed':
    case 'task-not-started': {
      if (status !== 'approved' && status !== 'applying') {
        refuse(
          `The change request is ${status}; only a change being applied can fail`,
        );
      }
      return {
        update: {
          status: 'failed',
          finishedAt: now,
          errorMessage: action.message,
        },
        // Only a change that touched the cluster leaves the tenant failed
        // (and not one whose tenant is being rolled back meanwhile).
        ...(status === 'applying' && request.tenantState === 'updating'
          ? { tenantState: 'failed' as const }
          : {}),
        log: { level: 'error', message: action.message },
      };
    }
    default:
      throw new Error(`Unknown action ${(action as { type: string }).type}`);
  }
}

/** The action of a report of the apply action (`POST /v1/change-requests/:id/events`). */
export function reportedAction(event: ChangeRequestEvent): ChangeRequestAction {
  switch (event.type) {
    case 'started':
      return { type: 'started', taskId: event.taskId };
    case 'log':
      return {
        type: 'log',
        level: event.level ?? 'info',
        message: event.message!,
      };
    case 'applied':
      return { type: 'applied', message: event.message };
    default:
      return { type: 'failed', message: event.message! };
  }
}
