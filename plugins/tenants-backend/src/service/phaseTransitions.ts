import { ConflictError } from '@backstage/errors';
import {
  getPhase,
  LogLevel,
  PhaseEventRequest,
  PhaseId,
  PhaseStatus,
  PROVISIONING_PHASES,
  RunStatus,
  TenantState,
  type TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** The writes one phase event leads to; the caller applies them in one transaction. */
export interface PhaseEventPlan {
  phase?: {
    status: PhaseStatus;
    startedAt?: Date;
    finishedAt?: Date;
    errorMessage?: string;
  };
  run?: { status: RunStatus; startedAt?: Date; finishedAt?: Date };
  tenantState?: TenantState;
  log: { level: LogLevel; message: string };
}

const label = (phaseId: PhaseId) => {
  const phase = getPhase(phaseId);
  return `phase ${phase.number} (${phase.id})`;
};

/**
 * Decides what a phase event does to a run, or throws a ConflictError that
 * says why the event does not fit the run's state. Pure: no I/O.
 */
export function planPhaseEvent(
  run: TenantRun,
  phaseId: PhaseId,
  event: PhaseEventRequest,
  now: Date,
): PhaseEventPlan {
  const index = run.phases.findIndex(p => p.phaseId === phaseId);
  const phase = run.phases[index];
  const name = label(phaseId);

  if (event.type === 'log') {
    return {
      log: { level: event.level ?? 'info', message: event.message! },
    };
  }

  if (run.status === 'completed') {
    throw new ConflictError(
      `Attempt ${run.attempt} has already completed; ${name} cannot be ${event.type} again`,
    );
  }
  if (run.status === 'failed') {
    const failed = run.phases.find(p => p.status === 'failed');
    throw new ConflictError(
      `Attempt ${run.attempt} failed${
        failed ? ` at ${label(failed.phaseId)}` : ''
      }; retry the tenant to start a new attempt before reporting ${name} as ${
        event.type
      }`,
    );
  }

  const blocking = run.phases
    .slice(0, index)
    .find(p => p.status !== 'completed');
  const isLast = index === PROVISIONING_PHASES.length - 1;

  switch (event.type) {
    case 'started': {
      if (phase.status === 'in_progress') {
        // A resumed scaffolder task reports the start again: harmless.
        return {
          log: {
            level: event.level ?? 'info',
            message: event.message ?? `${getPhase(phaseId).name} resumed`,
          },
        };
      }
      if (phase.status === 'completed') {
        throw new ConflictError(
          `${capitalize(name)} has already completed in attempt ${run.attempt}`,
        );
      }
      if (blocking) {
        throw new ConflictError(
          `${capitalize(name)} cannot start before ${label(
            blocking.phaseId,
          )} has completed (it is ${blocking.status})`,
        );
      }
      return {
        phase: { status: 'in_progress', startedAt: now },
        run: {
          status: 'in_progress',
          ...(run.startedAt ? {} : { startedAt: now }),
        },
        tenantState: 'provisioning',
        log: {
          level: event.level ?? 'info',
          message: event.message ?? `${getPhase(phaseId).name} started`,
        },
      };
    }
    case 'completed': {
      if (phase.status !== 'in_progress') {
        throw new ConflictError(
          phase.status === 'completed'
            ? `${capitalize(name)} has already completed in attempt ${
                run.attempt
              }`
            : `${capitalize(name)} has not started; report 'started' first`,
        );
      }
      return {
        phase: { status: 'completed', finishedAt: now },
        run: isLast
          ? { status: 'completed', finishedAt: now }
          : { status: 'in_progress' },
        tenantState: isLast ? 'ready' : 'provisioning',
        log: {
          level: event.level ?? 'info',
          message: event.message ?? `${getPhase(phaseId).name} completed`,
        },
      };
    }
    case 'failed': {
      if (phase.status === 'completed') {
        throw new ConflictError(
          `${capitalize(name)} has already completed in attempt ${run.attempt}`,
        );
      }
      if (phase.status === 'pending' && blocking) {
        throw new ConflictError(
          `${capitalize(name)} cannot fail before ${label(
            blocking.phaseId,
          )} has completed (it is ${blocking.status})`,
        );
      }
      return {
        phase: {
          status: 'failed',
          finishedAt: now,
          errorMessage: event.message!,
          ...(phase.startedAt ? {} : { startedAt: now }),
        },
        run: {
          status: 'failed',
          finishedAt: now,
          ...(run.startedAt ? {} : { startedAt: now }),
        },
        tenantState: 'failed',
        log: { level: event.level ?? 'error', message: event.message! },
      };
    }
    default:
      throw new Error(`Unhandled phase event type '${event.type}'`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
