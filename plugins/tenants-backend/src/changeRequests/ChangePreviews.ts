import { ConflictError } from '@backstage/errors';
import {
  applyTenantChanges,
  effectiveChanges,
  previewChangesSchema,
  type ChangePreview,
  type Tenant,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDriftChecker } from '../drift/TenantDriftChecker';
import { parseRequest } from '../validation/parseRequest';

/**
 * What approving changes would do: the spec fields they change and, compared
 * on the tenant's cluster with what the phases render for the resulting
 * spec, each object that would be created, changed or removed. The filing
 * form shows it before a request is filed, the approver before deciding.
 * Nothing is kept and nothing is applied.
 */
export class ChangePreviews {
  constructor(private readonly drift: Pick<TenantDriftChecker, 'compare'>) {}

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
    const effective = effectiveChanges(tenant.spec, changes);
    const target = applyTenantChanges(tenant.spec, effective.changes);
    return {
      diff: effective.diff,
      objects: await this.drift.compare({ ...tenant, cluster }, target),
    };
  }
}
