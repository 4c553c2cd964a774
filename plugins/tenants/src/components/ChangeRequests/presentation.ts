import {
  PLATFORM_MODULES,
  REPAIR_FIELD,
  RESOURCE_TIERS,
  type ChangeRequest,
  type ChangeRequestDiffEntry,
  type ChangeRequestStatus,
  type TenantChanges,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** What each status means to the people reading the list. */
export const CHANGE_REQUEST_STATUS_LABELS: Record<ChangeRequestStatus, string> =
  {
    pending: 'Pending approval',
    approved: 'Approved',
    applying: 'Applying',
    applied: 'Applied',
    failed: 'Failed',
    rejected: 'Rejected',
  };

const tierTitle = (tier: string) =>
  tier.charAt(0).toUpperCase() + tier.slice(1);

/** A resource tier or a module, by the name the wizard shows, or the repair. */
export function fieldLabel(field: string): string {
  if (field === 'infrastructure.resourceTier') return 'Resource tier';
  if (field === REPAIR_FIELD) return 'Repair drifted objects';
  const id = field.replace(/^modules\./, '');
  return PLATFORM_MODULES.find(m => m.id === id)?.title ?? id;
}

/** A diff entry's from or to value: `Large`, `Enabled`, or for the repair `Yes`. */
export function valueLabel(field: string, value: string | boolean): string {
  if (typeof value === 'string') return tierTitle(value);
  if (field === REPAIR_FIELD) return value ? 'Yes' : 'No';
  return value ? 'Enabled' : 'Disabled';
}

/**
 * One diff entry as `Resource tier: Medium → Large`, `BI Platform: enabled →
 * disabled` or `Repair drifted objects`.
 */
export function diffLine(entry: ChangeRequestDiffEntry): string {
  if (entry.field === REPAIR_FIELD) return fieldLabel(entry.field);
  const shown = (value: string | boolean) =>
    typeof value === 'boolean'
      ? valueLabel(entry.field, value).toLowerCase()
      : valueLabel(entry.field, value);
  return `${fieldLabel(entry.field)}: ${shown(entry.from)} → ${shown(
    entry.to,
  )}`;
}

/** Choices of the request form: the tenant's current tier and modules. */
export interface ChangeFormValues {
  resourceTier: (typeof RESOURCE_TIERS)[number];
  modules: Record<(typeof PLATFORM_MODULES)[number]['id'], boolean>;
}

export function formValuesOf(spec: TenantSpec): ChangeFormValues {
  return {
    resourceTier: spec.infrastructure.resourceTier,
    modules: { ...spec.modules },
  };
}

/**
 * The changes the form asks for: only what differs from the spec, so an
 * untouched form asks for nothing (the Tenant Service drops equal fields too).
 */
export function changesOf(
  spec: TenantSpec,
  values: ChangeFormValues,
): TenantChanges | undefined {
  const changes: TenantChanges = {};
  if (values.resourceTier !== spec.infrastructure.resourceTier) {
    changes.resourceTier = values.resourceTier;
  }
  for (const { id } of PLATFORM_MODULES) {
    if (values.modules[id] !== spec.modules[id]) {
      changes.modules = { ...changes.modules, [id]: values.modules[id] };
    }
  }
  return Object.keys(changes).length ? changes : undefined;
}

/**
 * Why the signed-in user may not approve or reject this request, or
 * undefined when they may. Mirrors the Tenant Service, which decides.
 */
export function decisionBlocker(
  request: Pick<ChangeRequest, 'status' | 'requestedBy'>,
  user: { canApprove: boolean; userEntityRef?: string },
): string | undefined {
  if (!user.canApprove) return 'Only platform admins approve change requests';
  if (request.status !== 'pending') return 'Only pending requests are decided';
  if (
    user.userEntityRef &&
    user.userEntityRef.toLocaleLowerCase('en-US') ===
      request.requestedBy.toLocaleLowerCase('en-US')
  ) {
    return 'You filed this request yourself; another platform admin has to approve it';
  }
  return undefined;
}

/** The user's name part of an entity ref, e.g. `tenant-admin` of `user:default/tenant-admin`. */
export function shortRef(ref: string): string {
  return ref.replace(/^[^:]+:(default\/)?/, '');
}
