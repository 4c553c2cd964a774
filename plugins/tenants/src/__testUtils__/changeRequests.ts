import type { ChangeRequest, ChangeRequestDetail } from '../api/TenantsApi';
import { TENANT_ID } from './tenants';

export const REQUEST_ID = '9e8d7c6b-0000-4000-8000-000000000002';
export const CHANGE_TASK_ID = 'c1c2d3e4-0000-4000-8000-00000000cccc';
export const TENANT_ADMIN = 'user:default/tenant-admin';
export const PLATFORM_ADMIN = 'user:default/platform-admin';

/** A pending request of the tenant admin: Medium → Large. */
export function buildChangeRequest(
  overrides: Partial<ChangeRequest> = {},
): ChangeRequest {
  return {
    id: REQUEST_ID,
    tenantId: TENANT_ID,
    tenantSlug: 'acme',
    tenantName: 'Acme Analytics',
    status: 'pending',
    changes: { resourceTier: 'large' },
    diff: [{ field: 'infrastructure.resourceTier', from: 'medium', to: 'large' }],
    reason: 'Quarter-end reporting load',
    requestedBy: TENANT_ADMIN,
    requestedAt: '2026-11-28T10:00:00.000Z',
    baseSpecVersion: 1,
    attempts: 0,
    updatedAt: '2026-11-28T10:00:00.000Z',
    ...overrides,
  };
}

/** The request as applied by a task, with its log. */
export function appliedChangeRequest(): ChangeRequestDetail {
  return {
    ...buildChangeRequest({
      status: 'applied',
      decidedBy: PLATFORM_ADMIN,
      decidedAt: '2026-11-28T10:05:00.000Z',
      decisionComment: 'Approved for Q4',
      fromSpecVersion: 1,
      appliedSpecVersion: 2,
      scaffolderTaskId: CHANGE_TASK_ID,
      attempts: 1,
      startedAt: '2026-11-28T10:05:01.000Z',
      finishedAt: '2026-11-28T10:06:00.000Z',
      updatedAt: '2026-11-28T10:06:00.000Z',
    }),
    logs: [
      {
        at: '2026-11-28T10:05:02.000Z',
        level: 'info',
        message: 'Phase namespace: configured resourcequota/tenant-quota',
      },
      {
        at: '2026-11-28T10:06:00.000Z',
        level: 'info',
        message: 'Change applied as spec version 2',
      },
    ],
  };
}
