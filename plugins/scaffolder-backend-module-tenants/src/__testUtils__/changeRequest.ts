import {
  applyTenantChanges,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { acmeSpecInput } from './tenantSpec';

const fromSpec = tenantSpecSchema.parse(acmeSpecInput);
const targetSpec = applyTenantChanges(fromSpec, { modules: { bi: false } });

/**
 * An approved change request of the tenant `acme` that disables the BI
 * module, as the Tenant Service answers it to the scaffolder.
 */
export function approvedChangeRequest(id: string) {
  return {
    id,
    tenantId: 't-1',
    tenantSlug: 'acme',
    tenantName: 'Acme Analytics',
    status: 'approved',
    changes: { modules: { bi: false } },
    diff: [{ field: 'modules.bi', from: true, to: false }],
    reason: 'No dashboards',
    requestedBy: 'user:default/terry',
    requestedAt: '2026-12-10T00:00:00Z',
    baseSpecVersion: 1,
    decidedBy: 'user:default/platform-admin',
    fromSpecVersion: 1,
    attempts: 0,
    updatedAt: '2026-12-10T00:00:00Z',
    cluster: 'local',
    fromSpec,
    targetSpec,
    logs: [],
  };
}
