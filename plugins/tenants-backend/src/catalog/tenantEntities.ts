import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  PLATFORM_MODULES,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { CheckedDriftSummary } from '../database/DriftStore';
import { TenantGroups } from '../permissions/TenantGroups';

/** A tenant as the catalog shows it: with its last drift check, if any. */
export type CatalogTenant = Tenant & { drift?: CheckedDriftSummary };

/** Annotation of the tenant id on tenant entities. */
export const ANNOTATION_TENANT_ID = 'tenants.dev/tenant-id';
/** Annotation of the admin email on a tenant admins group. */
export const ANNOTATION_ADMIN_EMAIL = 'tenants.dev/admin-email';
/** Label of the tenant slug, also the Kubernetes label of the tenant's objects. */
export const LABEL_TENANT = 'tenants.dev/tenant';

/** The location the provider's entities are managed by. */
export const TENANTS_LOCATION = 'tenants-backend:tenants';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Keeps only values that are valid label values (63 characters, [-A-Za-z0-9_.]). */
function labels(values: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        entry[1].length <= 63 &&
        LABEL_VALUE.test(entry[1]),
    ),
  );
}

function definedOnly(values: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(values).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/**
 * The catalog entities of a tenant: the tenant as `kind: Resource`
 * (`spec.type: tenant`, owned by its admins group, with the Kubernetes plugin
 * annotations of its namespace) and its admins group `<slug>-admins`.
 *
 * Only non-secret configuration is exposed: no data source connection
 * details (hosts, users, secret names), no security settings.
 */
export function tenantToEntities(
  tenant: CatalogTenant,
  groups: TenantGroups = TenantGroups.defaults,
): Entity[] {
  const adminGroup = groups.tenantAdminGroupOf(tenant.slug);
  const { details, infrastructure, modules } = tenant.spec;
  const managedBy = {
    [ANNOTATION_LOCATION]: TENANTS_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: TENANTS_LOCATION,
  };
  const enabledModules = PLATFORM_MODULES.filter(m => modules[m.id]).map(
    m => m.id,
  );
  const facts = {
    'tenants.dev/state': tenant.state,
    'tenants.dev/billing-tier': details.billingTier,
    'tenants.dev/resource-tier': infrastructure.resourceTier,
    'tenants.dev/provider': infrastructure.cloudProvider,
    'tenants.dev/region': infrastructure.region,
    'tenants.dev/cluster': tenant.cluster,
    'tenants.dev/drift': tenant.drift?.state,
  };

  const resource: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: tenant.slug,
      title: tenant.name,
      ...(details.description ? { description: details.description } : {}),
      labels: labels({ [LABEL_TENANT]: tenant.slug, ...facts }),
      annotations: definedOnly({
        ...managedBy,
        [ANNOTATION_TENANT_ID]: tenant.id,
        ...facts,
        'tenants.dev/modules': enabledModules.join(','),
        'tenants.dev/dedicated-compute': String(
          infrastructure.dedicatedCompute,
        ),
        'tenants.dev/gpu-enabled': String(infrastructure.gpuEnabled),
        'tenants.dev/spec-version': String(tenant.specVersion ?? 1),
        'tenants.dev/platform-version': tenant.platformVersion,
        'tenants.dev/created-at': tenant.createdAt,
        'tenants.dev/drift-differences': tenant.drift
          ? String(tenant.drift.differences)
          : undefined,
        'tenants.dev/drift-checked-at': tenant.drift?.checkedAt,
        'backstage.io/kubernetes-id': tenant.slug,
        // With serviceLocatorMethod singleTenant, the Kubernetes tab asks
        // only this cluster (named as in kubernetes.clusterLocatorMethods).
        'backstage.io/kubernetes-cluster': tenant.cluster,
        'backstage.io/kubernetes-namespace': `tenant-${tenant.slug}`,
        'backstage.io/kubernetes-label-selector': `${LABEL_TENANT}=${tenant.slug}`,
      }),
      tags: ['tenant'],
    },
    spec: {
      type: 'tenant',
      owner: groups.tenantAdminGroupRefOf(tenant.slug),
    },
  };

  const group: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: adminGroup.name,
      ...(adminGroup.namespace === 'default'
        ? {}
        : { namespace: adminGroup.namespace }),
      title: `${tenant.name} admins`,
      description: `Admins of tenant ${tenant.name}; they may read the tenant and request changes`,
      labels: labels({ [LABEL_TENANT]: tenant.slug }),
      annotations: {
        ...managedBy,
        [ANNOTATION_TENANT_ID]: tenant.id,
        [ANNOTATION_ADMIN_EMAIL]: details.adminEmail,
      },
    },
    spec: {
      type: 'tenant-admins',
      profile: { displayName: `${tenant.name} admins` },
      children: [],
    },
  };

  return [resource, group];
}
