import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ChangeRequestState,
  planChangeRequestAction,
} from './changeRequestTransitions';

const now = new Date('2026-12-10T12:00:00Z');
const REQUESTER = 'user:default/terry';
const APPROVER = 'user:default/platform-admin';

const request = (
  overrides: Partial<ChangeRequestState> = {},
): ChangeRequestState => ({
  id: 'cr-1',
  status: 'pending',
  requestedBy: REQUESTER,
  attempts: 0,
  changesSpec: true,
  tenantState: 'ready',
  ...overrides,
});

const plan = (
  overrides: Partial<ChangeRequestState>,
  action: Parameters<typeof planChangeRequestAction>[1],
) => planChangeRequestAction(request(overrides), action, now);

describe('planChangeRequestAction', () => {
  describe('approve', () => {
    it('approves a pending request of a ready tenant, recording the decision', () => {
      expect(
        plan({}, { type: 'approve', actor: APPROVER, comment: 'Go ahead' }),
      ).toEqual({
        update: {
          status: 'approved',
          decidedBy: APPROVER,
          decidedAt: now,
          decisionComment: 'Go ahead',
        },
        log: { level: 'info', message: `Approved by ${APPROVER}: Go ahead` },
      });
    });

    it('never lets the requester approve their own request (403), whatever its status', () => {
      for (const status of ['pending', 'applied'] as const) {
        expect(() =>
          plan({ status }, { type: 'approve', actor: REQUESTER }),
        ).toThrow(
          new NotAllowedError(
            'You filed this change request yourself; another platform admin has to approve it',
          ),
        );
      }
    });

    it.each([
      [
        'approved',
        {},
        'The change request is approved; only pending requests can be approved',
      ],
      [
        'rejected',
        {},
        'The change request is rejected; only pending requests can be approved',
      ],
      [
        'pending',
        { tenantState: 'provisioning' },
        'The tenant is provisioning; change requests can be approved once it is ready',
      ],
      [
        'pending',
        { inFlight: { id: 'cr-0', status: 'applying' } },
        'Change request cr-0 of this tenant is applying; approve this one once it is applied',
      ],
    ] as const)(
      'refuses a %s request %j with a 409',
      (status, extra, message) => {
        expect(() =>
          plan({ status, ...extra } as any, {
            type: 'approve',
            actor: APPROVER,
          }),
        ).toThrow(new ConflictError(message));
      },
    );
  });

  describe('reject', () => {
    it('rejects a pending request and finishes it', () => {
      expect(
        plan({}, { type: 'reject', actor: APPROVER, comment: 'Not in budget' }),
      ).toMatchObject({
        update: {
          status: 'rejected',
          decisionComment: 'Not in budget',
          finishedAt: now,
        },
      });
    });

    it('refuses once decided', () => {
      expect(() =>
        plan(
          { status: 'approved' },
          { type: 'reject', actor: APPROVER, comment: 'x' },
        ),
      ).toThrow(ConflictError);
    });
  });

  describe('applying', () => {
    it('starts an approved change: attempt 1, tenant updating', () => {
      expect(
        plan({ status: 'approved' }, { type: 'started', taskId: 'task-1' }),
      ).toEqual({
        update: {
          status: 'applying',
          attempts: 1,
          startedAt: now,
          finishedAt: null,
          errorMessage: null,
          scaffolderTaskId: 'task-1',
        },
        tenantState: 'updating',
        log: {
          level: 'info',
          message: 'Applying started (attempt 1, scaffolder task task-1)',
        },
      });
    });

    it('accepts a repeated start of a running change (a resumed task) without a new attempt', () => {
      const resumed = plan(
        { status: 'applying', attempts: 1, tenantState: 'updating' },
        { type: 'started' },
      );
      expect(resumed.update).toEqual({});
      expect(resumed.tenantState).toBe('updating');
    });

    it('starts a failed change again when its task is retried from the task page', () => {
      expect(
        plan(
          { status: 'failed', attempts: 1, tenantState: 'failed' },
          { type: 'started' },
        ).update,
      ).toMatchObject({ status: 'applying', attempts: 2 });
    });

    it.each(['pending', 'rejected', 'applied'] as const)(
      'refuses to start a %s request',
      status => {
        expect(() => plan({ status }, { type: 'started' })).toThrow(
          ConflictError,
        );
      },
    );

    it('refuses to start on a tenant being rolled back', () => {
      expect(() =>
        plan(
          { status: 'approved', tenantState: 'rolling_back' },
          { type: 'started' },
        ),
      ).toThrow(
        new ConflictError(
          'The tenant is rolling back; the change cannot be applied to it',
        ),
      );
    });

    it('applies: writes the spec version and makes the tenant ready', () => {
      expect(
        plan(
          { status: 'applying', tenantState: 'updating' },
          { type: 'applied', message: 'Done' },
        ),
      ).toEqual({
        update: { status: 'applied', finishedAt: now, errorMessage: null },
        tenantState: 'ready',
        writeSpec: true,
        log: { level: 'info', message: 'Done' },
      });
      expect(() => plan({ status: 'approved' }, { type: 'applied' })).toThrow(
        ConflictError,
      );
    });

    it('applies a repair without a new spec version', () => {
      expect(
        plan(
          { status: 'applying', tenantState: 'updating', changesSpec: false },
          { type: 'applied' },
        ),
      ).toMatchObject({ tenantState: 'ready', writeSpec: false });
    });

    it('does not record a change applied, nor fail the tenant, once the tenant is being rolled back', () => {
      expect(() =>
        plan(
          { status: 'applying', tenantState: 'rolling_back' },
          { type: 'applied' },
        ),
      ).toThrow(
        new ConflictError(
          'The tenant is rolling back; the change can no longer be recorded as applied',
        ),
      );
      const failed = plan(
        { status: 'applying', tenantState: 'rolled_back' },
        { type: 'failed', message: 'namespace gone' },
      );
      expect(failed.update?.status).toBe('failed');
      expect(failed.tenantState).toBeUndefined();
    });

    it('fails: the tenant fails only when the change had started touching it', () => {
      expect(
        plan(
          { status: 'applying', tenantState: 'updating' },
          { type: 'failed', message: 'boom' },
        ),
      ).toEqual({
        update: { status: 'failed', finishedAt: now, errorMessage: 'boom' },
        tenantState: 'failed',
        log: { level: 'error', message: 'boom' },
      });
      const notStarted = plan(
        { status: 'approved' },
        { type: 'task-not-started', message: 'scaffolder said no' },
      );
      expect(notStarted.update?.status).toBe('failed');
      expect(notStarted.tenantState).toBeUndefined();
      expect(() =>
        plan({ status: 'failed' }, { type: 'failed', message: 'again' }),
      ).toThrow(ConflictError);
    });

    it('logs while applying and after, never for undecided or rejected requests', () => {
      const line = {
        type: 'log' as const,
        level: 'info' as const,
        message: 'x',
      };
      expect(plan({ status: 'applying' }, line)).toEqual({
        log: { level: 'info', message: 'x' },
      });
      expect(() => plan({ status: 'pending' }, line)).toThrow(ConflictError);
    });
  });

  describe('retry', () => {
    it('moves a failed request back to approved', () => {
      expect(
        plan(
          { status: 'failed', tenantState: 'failed', attempts: 1 },
          { type: 'retry', actor: APPROVER },
        ),
      ).toEqual({
        update: { status: 'approved', errorMessage: null, finishedAt: null },
        log: { level: 'info', message: `Retry requested by ${APPROVER}` },
      });
    });

    it('refuses anything that did not fail', () => {
      expect(() =>
        plan({ status: 'applied' }, { type: 'retry', actor: APPROVER }),
      ).toThrow(
        new ConflictError(
          'The change request is applied; only a failed change request can be retried',
        ),
      );
    });
  });
});
