import { ConflictError } from '@backstage/errors';
import {
  applyTenantChanges,
  effectiveChanges,
  previewChangesSchema,
  type ChangePreview,
  type Tenant,
  type TenantChanges,
  type TenantDriftReport,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  dataSourceSecretName,
  tenantNamespaceName,
  type PlatformVersions,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantDriftChecker } from '../drift/TenantDriftChecker';
import { assertPlatformVersionDeclared } from './assertPlatformVersionDeclared';
import { parseRequest } from '../validation/parseRequest';

/**
 * What approving changes would do: the spec fields they change and, compared
 * on the tenant's cluster with what the phases render for the resulting
 * spec (and platform version), each object that would be created, changed
 * or removed. The filing
 * form shows it before a request is filed, the approver before deciding.
 * Nothing is kept and nothing is applied.
 */
export class ChangePreviews {
  constructor(
    private readonly drift: Pick<TenantDriftChecker, 'compare'>,
    private readonly platformVersions?: PlatformVersions,
  ) {}

  /** Preview of a request body's `changes` (400 when malformed). */
  async ofBody(tenant: Tenant, body: unknown): Promise<ChangePreview> {
    const { changes } = parseRequest(
      previewChangesSchema,
      body ?? {},
      'request body',
    );
    return this.of(tenant, changes);
  }

  /** Preview of changes on the tenant's current spec (409 without a cluster). */
  async of(tenant: Tenant, changes: TenantChanges): Promise<ChangePreview> {
    const { cluster } = tenant;
    if (!cluster) {
      throw new ConflictError(
        `Tenant ${tenant.slug} has no cluster yet; changes can be previewed once it is registered on one`,
      );
    }
    assertPlatformVersionDeclared(
      changes.platformVersion,
      this.platformVersions,
    );
    const effective = effectiveChanges(
      tenant.spec,
      changes,
      tenant.platformVersion,
    );
    const target = applyTenantChanges(tenant.spec, effective.changes);
    const objects = await this.drift.compare(
      { ...tenant, cluster },
      target,
      effective.changes.platformVersion ?? tenant.platformVersion,
    );
    return {
      diff: effective.diff,
      objects: withNewPasswords(objects, tenant, effective.changes),
    };
  }
}

/**
 * The report with each data source that gets a new (staged) password listed
 * as its Secret's `data.password` differing: the objects the phases render
 * do not hold passwords, so a new password alone would not show. Never a
 * value.
 */
function withNewPasswords(
  report: TenantDriftReport,
  tenant: Tenant,
  changes: TenantChanges,
): TenantDriftReport {
  if (report.state === 'unknown') return report;
  const namespace = tenantNamespaceName(tenant.slug);
  const differences = [...report.differences];
  for (const edit of changes.dataSources?.edit ?? []) {
    if (!edit.passwordSecret) continue;
    const object = `secret/${dataSourceSecretName(edit.name)}`;
    const listed = differences.some(
      d =>
        d.object === object &&
        (d.type !== 'field' || d.path === 'data.password'),
    );
    if (!listed) {
      differences.push({
        type: 'field',
        object,
        namespace,
        phase: 'secrets',
        path: 'data.password',
      });
    }
  }
  return {
    ...report,
    state: differences.length ? 'drifted' : report.state,
    differences,
  };
}
