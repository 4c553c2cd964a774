import {
  PhaseId,
  PhaseStatus,
  PROVISIONING_PHASES,
  RunStatus,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  computeProvisioningStatus,
  StatusInput,
} from './computeProvisioningStatus';
import { priorDurations } from './expectedDurations';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();
// priors: 5 + 5 + 210 + 90 + 240 + 120 + 90 + 30 = 790 seconds
const TOTAL = 790;

function input(
  statuses: PhaseStatus[],
  options: {
    runStatus: RunStatus;
    nowSeconds: number;
    currentStartedAt?: number;
    finishedAt?: number;
    logs?: StatusInput['logs'];
  },
): StatusInput {
  return {
    tenantId: 't-1',
    run: {
      status: options.runStatus,
      createdAt: iso(-10),
      startedAt: options.runStatus === 'pending' ? undefined : iso(0),
      finishedAt:
        options.finishedAt !== undefined ? iso(options.finishedAt) : undefined,
      phases: PROVISIONING_PHASES.map((p, i) => ({
        phaseId: p.id as PhaseId,
        status: statuses[i] ?? 'pending',
        startedAt:
          statuses[i] === 'in_progress' &&
          options.currentStartedAt !== undefined
            ? iso(options.currentStartedAt)
            : undefined,
      })),
    },
    logs: options.logs ?? [],
    expectedDurations: priorDurations(),
    now: at(options.nowSeconds),
  };
}

describe('computeProvisioningStatus', () => {
  it('reports a pending run at phase 1 with the whole duration to go', () => {
    const status = computeProvisioningStatus(
      input([], { runStatus: 'pending', nowSeconds: 0 }),
    );
    expect(status).toEqual({
      tenant_id: 't-1',
      current_phase: 1,
      total_phases: 8,
      phase_name: 'Namespace',
      status: 'pending',
      progress_percentage: 0,
      logs: [],
      started_at: iso(-10),
      estimated_completion: iso(TOTAL),
    });
  });

  it('weights progress by expected duration and credits the running phase', () => {
    // namespace + secrets done (10s), data-infrastructure 105s into 210s
    const status = computeProvisioningStatus(
      input(['completed', 'completed', 'in_progress'], {
        runStatus: 'in_progress',
        nowSeconds: 115,
        currentStartedAt: 10,
      }),
    );
    expect(status.current_phase).toBe(3);
    expect(status.phase_name).toBe('Data Infrastructure');
    expect(status.status).toBe('in_progress');
    expect(status.progress_percentage).toBe(Math.floor((115 / TOTAL) * 100));
    // 105s left of data-infrastructure plus the 570s of the phases after it
    expect(status.estimated_completion).toBe(iso(115 + 105 + 570));
    expect(status.started_at).toBe(iso(0));
  });

  it('caps the running phase below its weight when it overruns', () => {
    const status = computeProvisioningStatus(
      input(['completed', 'completed', 'in_progress'], {
        runStatus: 'in_progress',
        nowSeconds: 10_000,
        currentStartedAt: 10,
      }),
    );
    const capped = 10 + 210 * 0.95;
    expect(status.progress_percentage).toBe(Math.floor((capped / TOTAL) * 100));
    expect(Date.parse(status.estimated_completion)).toBeGreaterThan(
      at(10_000).getTime() + 570_000,
    );
  });

  it('never reports 100 before the run completes, and 100 when it has', () => {
    const allButLast: PhaseStatus[] = [
      ...Array(7).fill('completed'),
      'in_progress',
    ];
    const running = computeProvisioningStatus(
      input(allButLast, {
        runStatus: 'in_progress',
        nowSeconds: 5000,
        currentStartedAt: 0,
      }),
    );
    expect(running.progress_percentage).toBe(99);
    expect(running.current_phase).toBe(8);
    expect(running.phase_name).toBe('Validation');

    const done = computeProvisioningStatus(
      input(Array(8).fill('completed'), {
        runStatus: 'completed',
        nowSeconds: 900,
        finishedAt: 800,
      }),
    );
    expect(done).toMatchObject({
      status: 'completed',
      progress_percentage: 100,
      current_phase: 8,
      estimated_completion: iso(800),
    });
  });

  it('points at the failed phase of a failed run', () => {
    const status = computeProvisioningStatus(
      input(
        [
          'completed',
          'completed',
          'completed',
          'completed',
          'completed',
          'failed',
        ],
        {
          runStatus: 'failed',
          nowSeconds: 700,
          finishedAt: 650,
        },
      ),
    );
    expect(status).toMatchObject({
      status: 'failed',
      current_phase: 6,
      phase_name: 'Ingress',
      progress_percentage: Math.floor((550 / TOTAL) * 100),
      estimated_completion: iso(650),
    });
  });

  it('uses observed durations instead of priors when given', () => {
    const base = input(['completed', 'completed', 'in_progress'], {
      runStatus: 'in_progress',
      nowSeconds: 20,
      currentStartedAt: 10,
    });
    const status = computeProvisioningStatus({
      ...base,
      expectedDurations: {
        ...base.expectedDurations,
        'data-infrastructure': 20,
      },
    });
    // 10 done + 10 of 20 on a total of 600
    expect(status.progress_percentage).toBe(Math.floor((20 / 600) * 100));
  });

  it('returns the newest 200 log lines, formatted, oldest first', () => {
    const logs = Array.from({ length: 250 }, (_, i) => ({
      at: iso(i),
      level: 'info' as const,
      phaseId: 'namespace' as const,
      message: `line ${i}`,
    }));
    const status = computeProvisioningStatus(
      input([], { runStatus: 'pending', nowSeconds: 0, logs }),
    );
    expect(status.logs).toHaveLength(200);
    expect(status.logs[0]).toBe(`${iso(50)} INFO [namespace] line 50`);
    expect(status.logs[199]).toBe(`${iso(249)} INFO [namespace] line 249`);
  });

  it('has exactly the fields of the specification', () => {
    const status = computeProvisioningStatus(
      input([], { runStatus: 'pending', nowSeconds: 0 }),
    );
    expect(Object.keys(status).sort()).toEqual(
      [
        'tenant_id',
        'current_phase',
        'total_phases',
        'phase_name',
        'status',
        'progress_percentage',
        'logs',
        'started_at',
        'estimated_completion',
      ].sort(),
    );
  });
});
