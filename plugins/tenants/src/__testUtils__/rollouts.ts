import type {
  PlatformVersionsResponse,
  Rollout,
  RolloutCounts,
  RolloutDetail,
  RolloutTenant,
} from '../api/TenantsApi';
import { PLATFORM_ADMIN } from './changeRequests';

export const ROLLOUT_ID = '7a6b5c4d-0000-4000-8000-000000000003';
export const TENANT_A = '1a1a1a1a-0000-4000-8000-00000000000a';
export const TENANT_B = '2b2b2b2b-0000-4000-8000-00000000000b';
export const UPGRADE_TASK_ID = 'd1d2d3d4-0000-4000-8000-00000000dddd';

/** Two declared versions, 1.1.0 in force, two tenants behind. */
export function buildPlatformVersions(
  overrides: Partial<PlatformVersionsResponse> = {},
): PlatformVersionsResponse {
  return {
    current: '1.1.0',
    versions: [
      {
        version: '1.0.0',
        images: { 'ai-engine': 'registry.example/ai-engine:1.0.0' },
        current: false,
      },
      {
        version: '1.1.0',
        images: { 'ai-engine': 'registry.example/ai-engine:1.1.0' },
        current: true,
      },
    ],
    tenantsBehind: 2,
    ...overrides,
  };
}

export const counts = (
  overrides: Partial<RolloutCounts> = {},
): RolloutCounts => ({
  pending: 0,
  upgrading: 0,
  upgraded: 0,
  failed: 0,
  reverting: 0,
  reverted: 0,
  skipped: 0,
  ...overrides,
});

export function buildRollout(overrides: Partial<Rollout> = {}): Rollout {
  return {
    id: ROLLOUT_ID,
    targetVersion: '1.1.0',
    state: 'running',
    reason: 'Security fixes of 1.1.0',
    waveSize: 1,
    pauseSeconds: 0,
    maxFailures: 1,
    waves: 2,
    currentWave: 0,
    counts: counts({ upgrading: 1, pending: 1 }),
    createdBy: PLATFORM_ADMIN,
    createdAt: '2026-12-07T10:00:00.000Z',
    updatedAt: '2026-12-07T10:00:00.000Z',
    ...overrides,
  };
}

export function rolloutTenant(
  overrides: Partial<RolloutTenant> = {},
): RolloutTenant {
  return {
    tenantId: TENANT_A,
    tenantSlug: 'alpha',
    tenantName: 'Alpha Analytics',
    wave: 0,
    state: 'pending',
    fromVersion: '1.0.0',
    ...overrides,
  };
}

/** A rollout of Alpha (wave 1) and Beta (wave 2); Alpha is upgrading. */
export function buildRolloutDetail(
  overrides: Partial<RolloutDetail> = {},
): RolloutDetail {
  return {
    ...buildRollout(),
    tenants: [
      rolloutTenant({
        state: 'upgrading',
        changeRequestId: 'cr-alpha',
        scaffolderTaskId: UPGRADE_TASK_ID,
        startedAt: '2026-12-07T10:00:01.000Z',
      }),
      rolloutTenant({
        tenantId: TENANT_B,
        tenantSlug: 'beta',
        tenantName: 'Beta Insights',
        wave: 1,
      }),
    ],
    ...overrides,
  };
}
