import {
  PhaseStatus,
  PROVISIONING_PHASES,
  RunStatus,
  type TenantRun,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { planPhaseEvent } from './phaseTransitions';

const now = new Date('2026-01-01T00:00:00Z');

function run(
  statuses: PhaseStatus[],
  status: RunStatus = 'in_progress',
): TenantRun {
  return {
    id: 'run-1',
    tenantId: 't-1',
    attempt: 1,
    status,
    createdAt: now.toISOString(),
    startedAt: status === 'pending' ? undefined : now.toISOString(),
    phases: PROVISIONING_PHASES.map((p, i) => ({
      phaseId: p.id,
      ordinal: i + 1,
      status: statuses[i] ?? 'pending',
    })),
  };
}

describe('planPhaseEvent', () => {
  it('starts the first phase of a pending run', () => {
    expect(
      planPhaseEvent(run([], 'pending'), 'namespace', { type: 'started' }, now),
    ).toEqual({
      phase: { status: 'in_progress', startedAt: now },
      run: { status: 'in_progress', startedAt: now },
      tenantState: 'provisioning',
      log: { level: 'info', message: 'Namespace started' },
    });
  });

  it('refuses to start a phase before the previous ones completed', () => {
    expect(() =>
      planPhaseEvent(
        run(['completed', 'in_progress']),
        'data-infrastructure',
        { type: 'started' },
        now,
      ),
    ).toThrow(
      'Phase 3 (data-infrastructure) cannot start before phase 2 (secrets) has completed (it is in_progress)',
    );
  });

  it('treats a repeated start of a running phase as harmless', () => {
    const plan = planPhaseEvent(
      run(['in_progress']),
      'namespace',
      { type: 'started' },
      now,
    );
    expect(plan.phase).toBeUndefined();
    expect(plan.log.message).toBe('Namespace resumed');
  });

  it('completes phases, and the run and tenant with the last one', () => {
    expect(
      planPhaseEvent(
        run(['in_progress']),
        'namespace',
        { type: 'completed' },
        now,
      ),
    ).toMatchObject({
      phase: { status: 'completed', finishedAt: now },
      run: { status: 'in_progress' },
      tenantState: 'provisioning',
    });
    const last = run([...Array(7).fill('completed'), 'in_progress']);
    expect(
      planPhaseEvent(
        last,
        'validation',
        { type: 'completed', message: 'all healthy' },
        now,
      ),
    ).toEqual({
      phase: { status: 'completed', finishedAt: now },
      run: { status: 'completed', finishedAt: now },
      tenantState: 'ready',
      log: { level: 'info', message: 'all healthy' },
    });
  });

  it('refuses to complete a phase that has not started or already completed', () => {
    expect(() =>
      planPhaseEvent(run([]), 'namespace', { type: 'completed' }, now),
    ).toThrow("Phase 1 (namespace) has not started; report 'started' first");
    expect(() =>
      planPhaseEvent(
        run(['completed']),
        'namespace',
        { type: 'completed' },
        now,
      ),
    ).toThrow('Phase 1 (namespace) has already completed in attempt 1');
  });

  it('fails the phase, the run and the tenant', () => {
    expect(
      planPhaseEvent(
        run(['completed', 'in_progress']),
        'secrets',
        { type: 'failed', message: 'vault sealed' },
        now,
      ),
    ).toEqual({
      phase: {
        status: 'failed',
        finishedAt: now,
        errorMessage: 'vault sealed',
        startedAt: now,
      },
      run: { status: 'failed', finishedAt: now },
      tenantState: 'failed',
      log: { level: 'error', message: 'vault sealed' },
    });
  });

  it('refuses everything but logs once a run has failed or completed', () => {
    const failed = run(['completed', 'failed'], 'failed');
    expect(() =>
      planPhaseEvent(failed, 'data-infrastructure', { type: 'started' }, now),
    ).toThrow(/Attempt 1 failed at phase 2 \(secrets\); retry the tenant/);
    expect(() =>
      planPhaseEvent(
        run(Array(8).fill('completed'), 'completed'),
        'validation',
        { type: 'failed', message: 'x' },
        now,
      ),
    ).toThrow('Attempt 1 has already completed');
    expect(
      planPhaseEvent(
        failed,
        'secrets',
        { type: 'log', level: 'warn', message: 'cleanup' },
        now,
      ),
    ).toEqual({ log: { level: 'warn', message: 'cleanup' } });
  });
});
