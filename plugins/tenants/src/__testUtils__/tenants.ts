import {
  PROVISIONING_PHASES,
  type PhaseStatus,
  type ProvisioningStatus,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type {
  TenantDetails,
  TenantRun,
  TenantRunPhase,
} from '../api/TenantsApi';

export const TENANT_ID = '6f9a3c2e-1b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const TASK_ID = 'b1c2d3e4-0000-4000-8000-00000000aaaa';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/**
 * The phases of a run whose first phases are completed (each 10 s), then
 * `current` with status `currentStatus`, the rest pending.
 */
export function phasesUpTo(
  current: number,
  currentStatus: PhaseStatus,
  errorMessage?: string,
): TenantRunPhase[] {
  return PROVISIONING_PHASES.map((phase, index) => {
    const ordinal = index + 1;
    if (ordinal < current) {
      return {
        phaseId: phase.id,
        ordinal,
        status: 'completed',
        startedAt: at(index * 10),
        finishedAt: at(index * 10 + 10),
      };
    }
    if (ordinal === current) {
      return {
        phaseId: phase.id,
        ordinal,
        status: currentStatus,
        startedAt: currentStatus === 'pending' ? undefined : at(index * 10),
        finishedAt:
          currentStatus === 'failed' || currentStatus === 'completed'
            ? at(index * 10 + 25)
            : undefined,
        errorMessage,
      };
    }
    return { phaseId: phase.id, ordinal, status: 'pending' };
  });
}

export function buildRun(overrides: Partial<TenantRun> = {}): TenantRun {
  return {
    id: 'run-1',
    tenantId: TENANT_ID,
    attempt: 1,
    scaffolderTaskId: TASK_ID,
    status: 'in_progress',
    createdAt: at(0),
    startedAt: at(0),
    phases: phasesUpTo(5, 'in_progress'),
    ...overrides,
  };
}

export function buildTenant(
  overrides: Partial<TenantDetails> = {},
): TenantDetails {
  return {
    id: TENANT_ID,
    slug: 'acme',
    name: 'Acme Analytics',
    state: 'provisioning',
    cluster: 'local-azure',
    createdBy: 'user:default/platform-admin',
    createdAt: at(0),
    updatedAt: at(40),
    spec: {
      details: {
        name: 'Acme Analytics',
        slug: 'acme',
        description: 'Analytics for Acme',
        billingTier: 'enterprise',
        adminEmail: 'admin@acme.example',
      },
      infrastructure: {
        cloudProvider: 'azure',
        region: 'westeurope',
        resourceTier: 'large',
        dedicatedCompute: true,
        gpuEnabled: false,
      },
      dataSources: [
        {
          name: 'warehouse',
          type: 'postgresql',
          host: 'db.acme.example',
          port: 5432,
          database: 'analytics',
          user: 'reporting',
          tlsMode: 'require',
          passwordSecret: 'dataSourcePassword_warehouse',
        },
      ],
      modules: {
        core: true,
        bi: true,
        ml: false,
        dataPlatform: false,
        contextGraph: true,
      },
      security: {
        authMethod: 'oidc',
        mfaPolicy: 'required-all',
        allowedCidrs: ['203.0.113.0/24'],
      },
    },
    latestRun: buildRun(),
    ...overrides,
  };
}

export function buildStatus(
  overrides: Partial<ProvisioningStatus> = {},
): ProvisioningStatus {
  return {
    tenant_id: TENANT_ID,
    current_phase: 5,
    total_phases: 8,
    phase_name: 'Data Plane',
    status: 'in_progress',
    progress_percentage: 42,
    logs: [
      `${at(0)} INFO [namespace] Phase namespace started`,
      `${at(10)} INFO [namespace] Phase namespace completed: 11 created`,
      `${at(12)} INFO [secrets] Applied: 5 created`,
      `${at(40)} INFO [data-plane] Phase data-plane started`,
    ],
    started_at: at(0),
    estimated_completion: new Date(Date.now() + 300_000).toISOString(),
    ...overrides,
  };
}

/** A failed tenant: the data plane failed in attempt 1. */
export const DATA_PLANE_ERROR =
  'Phase data-plane failed: Workload failed: deployment/ai-engine (pod/ai-engine-5d9f: CrashLoopBackOff: Injected fault)';

export function failedTenant(
  overrides: Partial<TenantDetails> = {},
): TenantDetails {
  return buildTenant({
    state: 'failed',
    latestRun: buildRun({
      status: 'failed',
      finishedAt: at(65),
      phases: phasesUpTo(5, 'failed', DATA_PLANE_ERROR),
    }),
    ...overrides,
  });
}

export function failedStatus(): ProvisioningStatus {
  return buildStatus({
    status: 'failed',
    progress_percentage: 37,
    estimated_completion: at(65),
    logs: [
      ...buildStatus().logs,
      `${at(50)} INFO [data-plane] Applied: 6 created`,
      `${at(65)} ERROR [data-plane] ${DATA_PLANE_ERROR}`,
    ],
  });
}
