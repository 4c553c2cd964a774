import { z } from 'zod';
import {
  AUTH_METHODS,
  BILLING_TIERS,
  MFA_POLICIES,
  RESOURCE_TIERS,
  type TenantSpec,
} from './spec';
import {
  adminEmailSchema,
  allowedCidrsSchema,
  descriptionSchema,
} from './specFields';

/*
 * The spec fields a change request may change besides the modules: each with
 * the key a request names it by, its path in the spec, and how summaries name
 * it. What cannot change in place is refused with the reason.
 */

const oneOf = (what: string, values: readonly string[]) => ({
  error: `${what} must be one of ${values.join(', ')}`,
});
const flag = (what: string) => ({
  error: `${what} must be true (enable) or false (disable)`,
});

/**
 * Schemas of the changeable fields, by the key a change request names them by.
 *
 * @public
 */
export const changeableFieldSchemas = {
  resourceTier: z.enum(RESOURCE_TIERS, oneOf('Resource tier', RESOURCE_TIERS)),
  dedicatedCompute: z.boolean(flag('dedicatedCompute')),
  gpuEnabled: z.boolean(flag('gpuEnabled')),
  billingTier: z.enum(BILLING_TIERS, oneOf('Billing tier', BILLING_TIERS)),
  /** The empty string removes the description. */
  description: descriptionSchema,
  adminEmail: adminEmailSchema,
  authMethod: z.enum(
    AUTH_METHODS,
    oneOf('Authentication method', AUTH_METHODS),
  ),
  mfaPolicy: z.enum(MFA_POLICIES, oneOf('MFA policy', MFA_POLICIES)),
  allowedCidrs: allowedCidrsSchema,
};

/** Key of a changeable field in a change request's `changes`. @public */
export type ChangeableFieldKey = keyof typeof changeableFieldSchemas;

/** A value of a changeable field, as diff entries carry it. @public */
export type ChangeValue = string | boolean | string[];

/** A spec field a change request may change. @public */
export interface ChangeableField {
  key: ChangeableFieldKey;
  /** Path in the tenant spec, the `field` of diff entries. */
  path: string;
  /** How summaries name it, e.g. `resource tier`. */
  label: string;
}

/**
 * The changeable fields, in the order summaries list them.
 *
 * @public
 */
export const CHANGEABLE_FIELDS: readonly ChangeableField[] = [
  {
    key: 'resourceTier',
    path: 'infrastructure.resourceTier',
    label: 'resource tier',
  },
  {
    key: 'dedicatedCompute',
    path: 'infrastructure.dedicatedCompute',
    label: 'dedicated compute',
  },
  { key: 'gpuEnabled', path: 'infrastructure.gpuEnabled', label: 'GPU' },
  { key: 'billingTier', path: 'details.billingTier', label: 'billing tier' },
  { key: 'description', path: 'details.description', label: 'description' },
  { key: 'adminEmail', path: 'details.adminEmail', label: 'admin email' },
  {
    key: 'authMethod',
    path: 'security.authMethod',
    label: 'authentication method',
  },
  { key: 'mfaPolicy', path: 'security.mfaPolicy', label: 'MFA policy' },
  {
    key: 'allowedCidrs',
    path: 'security.allowedCidrs',
    label: 'allowed IP ranges',
  },
];

/** The changeable field at a spec path, if any. @public */
export function changeableFieldAt(path: string): ChangeableField | undefined {
  return CHANGEABLE_FIELDS.find(field => field.path === path);
}

type Section = 'details' | 'infrastructure' | 'security';

function splitPath(path: string): [Section, string] {
  const [section, name] = path.split('.');
  return [section as Section, name];
}

/** The spec's value of a changeable field (no description reads as ''). @public */
export function readChangeableField(
  spec: TenantSpec,
  field: ChangeableField,
): ChangeValue {
  const [section, name] = splitPath(field.path);
  const value = (spec[section] as Record<string, ChangeValue | undefined>)[
    name
  ];
  return value ?? '';
}

/** The spec with one changeable field set ('' removes the description). */
export function writeChangeableField(
  spec: TenantSpec,
  field: ChangeableField,
  value: ChangeValue,
): TenantSpec {
  const [section, name] = splitPath(field.path);
  const updated: Record<string, unknown> = { ...spec[section], [name]: value };
  if (field.key === 'description' && value === '') delete updated[name];
  return { ...spec, [section]: updated };
}

/** Whether two values of a field are the same (lists by their items, in order). */
export function sameChangeValue(a: ChangeValue, b: ChangeValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function listed(value: ChangeValue): ChangeValue {
  if (!Array.isArray(value)) return value;
  return value.length ? value.join(', ') : 'none';
}

/**
 * A changeable field's change in a few words: `resource tier medium → large`,
 * `enable GPU`, `allowed IP ranges none → 10.0.0.0/8`, `new description`.
 *
 * @public
 */
export function describeFieldChange(
  field: ChangeableField,
  from: ChangeValue,
  to: ChangeValue,
): string {
  if (typeof to === 'boolean')
    return `${to ? 'enable' : 'disable'} ${field.label}`;
  if (field.key === 'description') {
    return to === '' ? 'remove the description' : 'new description';
  }
  return `${field.label} ${listed(from) || 'none'} → ${listed(to)}`;
}

/** A changeable field's current value in a few words: `resource tier medium`, `GPU disabled`. @public */
export function describeFieldValue(
  field: ChangeableField,
  value: ChangeValue,
): string {
  if (typeof value === 'boolean') {
    return `${field.label} ${value ? 'enabled' : 'disabled'}`;
  }
  if (field.key === 'description') {
    return value === '' ? 'no description' : 'this description';
  }
  return `${field.label} ${listed(value) || 'none'}`;
}

/**
 * Fields that never change in place, with the reason a request naming them
 * is refused.
 *
 * @public
 */
export const IMMUTABLE_FIELD_REASONS = {
  slug: 'The slug cannot change: it names the tenant’s namespace, catalog entities, host name and groups. Provision a new tenant instead',
  cloudProvider:
    'The cloud provider cannot change in place: the tenant’s cluster and data stores run on it. Provision a new tenant on the other provider and move the data',
  region:
    'The region cannot change in place: the tenant’s data stores are placed in its region’s cluster. Provision a new tenant in the other region and move the data',
} as const;

/** Schemas that refuse the immutable fields with their reason. */
export const immutableFieldSchemas = Object.fromEntries(
  Object.entries(IMMUTABLE_FIELD_REASONS).map(([key, reason]) => [
    key,
    z.never({ error: reason }).optional(),
  ]),
) as {
  [K in keyof typeof IMMUTABLE_FIELD_REASONS]: z.ZodOptional<z.ZodNever>;
};
