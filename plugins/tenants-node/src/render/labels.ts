import type {
  PhaseId,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/**
 * The server-side apply field manager that owns every field the platform
 * renders.
 *
 * @public
 */
export const FIELD_MANAGER = 'tenant-platform';

/** @public */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** @public */
export const TENANT_LABEL = 'tenants.dev/tenant';
/** @public */
export const PHASE_LABEL = 'tenants.dev/phase';
/** Label selecting the pods of one workload. @public */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';

/** Name of the namespace holding everything of a tenant: `tenant-<slug>`. @public */
export function tenantNamespaceName(slug: string): string {
  return `tenant-${slug}`;
}

/**
 * The labels on every object rendered for a tenant; rollback and teardown
 * find a tenant's objects (and the phase that created them) by these.
 *
 * @public
 */
export function tenantLabels(
  slug: string,
  phase: PhaseId,
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: FIELD_MANAGER,
    [TENANT_LABEL]: slug,
    [PHASE_LABEL]: phase,
  };
}

/** The labels of the tenant's namespace: the tenant labels plus where and how large it is. @public */
export function namespaceLabels(spec: TenantSpec): Record<string, string> {
  const { infrastructure, details } = spec;
  return {
    ...tenantLabels(details.slug, 'namespace'),
    'tenants.dev/tier': infrastructure.resourceTier,
    'tenants.dev/billing-tier': details.billingTier,
    'tenants.dev/provider': infrastructure.cloudProvider,
    'tenants.dev/region': toLabelValue(infrastructure.region),
  };
}

/** Label selector string matching every object of a tenant, e.g. for teardown. @public */
export function tenantSelector(slug: string): string {
  return `${MANAGED_BY_LABEL}=${FIELD_MANAGER},${TENANT_LABEL}=${slug}`;
}

/**
 * Turns free text (such as a region) into a valid label value: at most 63
 * characters of letters, digits, `-`, `_` and `.`, starting and ending with
 * a letter or digit.
 *
 * @public
 */
export function toLabelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
