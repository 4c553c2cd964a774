import { ConflictError } from '@backstage/errors';
import {
  changedFields,
  OPEN_CHANGE_REQUEST_STATUSES,
  REPAIR_FIELD,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { ChangeRequestStore } from './ChangeRequestStore';

/**
 * Throws a 409 naming the open request of the tenant that already touches
 * one of the fields of `changes` (a repair conflicts with another repair).
 */
export async function assertNoConflictingRequest(
  store: ChangeRequestStore,
  tenant: { id: string; slug: string },
  changes: TenantChanges,
): Promise<void> {
  const open = await store.listOfTenant(
    tenant.id,
    OPEN_CHANGE_REQUEST_STATUSES,
  );
  const fields = changedFields(changes);
  const conflicting = open.find(other =>
    changedFields(other.changes).some(f => fields.includes(f)),
  );
  if (conflicting) {
    const overlap = changedFields(conflicting.changes).filter(f =>
      fields.includes(f),
    );
    const repairs = overlap.includes(REPAIR_FIELD);
    const fieldsOverlap = overlap.filter(f => f !== REPAIR_FIELD);
    const what = [
      ...(fieldsOverlap.length ? [`changes ${fieldsOverlap.join(', ')}`] : []),
      ...(repairs ? ['asks for a repair'] : []),
    ].join(' and ');
    throw new ConflictError(
      `Change request ${conflicting.id} (${conflicting.status}, filed by ${conflicting.requestedBy}) already ${what} of tenant '${tenant.slug}'; wait until it is decided or applied, or change other fields`,
    );
  }
}
