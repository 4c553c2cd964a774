import {
  changeableFieldAt,
  DATA_SOURCE_FIELD_PREFIX,
  isDataSourceField,
  PLATFORM_MODULES,
  PLATFORM_VERSION_FIELD,
  REPAIR_FIELD,
  type ChangeValue,
  type ChangeRequest,
  type ChangeRequestDiffEntry,
  type ChangeRequestStatus,
  effectiveChanges,
  type TenantChanges,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { LABELS, labelOf } from '../../shared/labels';

/** What each status means to the people reading the list. */
export const CHANGE_REQUEST_STATUS_LABELS: Record<ChangeRequestStatus, string> =
  {
    pending: 'Pending approval',
    approved: 'Approved',
    applying: 'Applying',
    applied: 'Applied',
    failed: 'Failed',
    rejected: 'Rejected',
    reverted: 'Reverted',
  };

const capitalized = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);

/** A spec field or a module, by the name the wizard shows, the repair or the platform version. */
export function fieldLabel(field: string): string {
  if (field === REPAIR_FIELD) return 'Repair drifted objects';
  if (field === PLATFORM_VERSION_FIELD) return 'Platform version';
  if (isDataSourceField(field)) {
    return `Data source ${field.slice(DATA_SOURCE_FIELD_PREFIX.length)}`;
  }
  const changeable = changeableFieldAt(field);
  if (changeable) return capitalized(changeable.label);
  const id = field.replace(/^modules\./, '');
  return PLATFORM_MODULES.find(m => m.id === id)?.title ?? id;
}

const VALUE_LABELS: Record<string, keyof typeof LABELS> = {
  'infrastructure.resourceTier': 'resourceTier',
  'details.billingTier': 'billingTier',
  'security.authMethod': 'authMethod',
  'security.mfaPolicy': 'mfaPolicy',
};

/**
 * A diff entry's from or to value: `Large`, `Enabled`, `OIDC SSO`,
 * `10.0.0.0/8, 192.0.2.0/24`, `1.1.0`, or for the repair `Yes`.
 */
export function valueLabel(field: string, value: ChangeValue): string {
  if (field === PLATFORM_VERSION_FIELD && value === '') return 'Unrecorded';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'None';
  if (typeof value === 'boolean') {
    if (field === REPAIR_FIELD) return value ? 'Yes' : 'No';
    return value ? 'Enabled' : 'Disabled';
  }
  if (VALUE_LABELS[field]) return labelOf(VALUE_LABELS[field], value);
  return value === '' ? 'None' : value;
}

/**
 * One diff entry as `Resource tier: Medium → Large`, `BI Platform: enabled →
 * disabled`, `Platform version: 1.0.0 → 1.1.0` or `Repair drifted objects`.
 */
export function diffLine(entry: ChangeRequestDiffEntry): string {
  if (entry.field === REPAIR_FIELD) return fieldLabel(entry.field);
  const shown = (value: ChangeValue) =>
    typeof value === 'boolean'
      ? valueLabel(entry.field, value).toLowerCase()
      : valueLabel(entry.field, value);
  return `${fieldLabel(entry.field)}: ${shown(entry.from)} → ${shown(
    entry.to,
  )}`;
}

/** Choices of the request form: the tenant's current values to start with. */
export interface ChangeFormValues {
  resourceTier: TenantSpec['infrastructure']['resourceTier'];
  dedicatedCompute: boolean;
  gpuEnabled: boolean;
  billingTier: TenantSpec['details']['billingTier'];
  description: string;
  adminEmail: string;
  authMethod: TenantSpec['security']['authMethod'];
  mfaPolicy: TenantSpec['security']['mfaPolicy'];
  /** As typed: ranges separated by commas, spaces or line breaks. */
  allowedCidrs: string;
  modules: Record<(typeof PLATFORM_MODULES)[number]['id'], boolean>;
}

export function formValuesOf(spec: TenantSpec): ChangeFormValues {
  return {
    resourceTier: spec.infrastructure.resourceTier,
    dedicatedCompute: spec.infrastructure.dedicatedCompute,
    gpuEnabled: spec.infrastructure.gpuEnabled,
    billingTier: spec.details.billingTier,
    description: spec.details.description ?? '',
    adminEmail: spec.details.adminEmail,
    authMethod: spec.security.authMethod,
    mfaPolicy: spec.security.mfaPolicy,
    allowedCidrs: spec.security.allowedCidrs.join('\n'),
    modules: { ...spec.modules },
  };
}

/** The allowed ranges typed in the form, one per entry. */
export const cidrsOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * The changes the form asks for: only what differs from the spec, so an
 * untouched form asks for nothing (the Tenant Service drops equal fields too).
 */
export function changesOf(
  spec: TenantSpec,
  values: ChangeFormValues,
): TenantChanges | undefined {
  const asked = {
    ...values,
    description: values.description.trim(),
    adminEmail: values.adminEmail.trim(),
    allowedCidrs: cidrsOf(values.allowedCidrs),
  };
  const { changes, diff } = effectiveChanges(spec, asked);
  return diff.length ? changes : undefined;
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
