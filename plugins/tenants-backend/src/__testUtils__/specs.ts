import {
  TenantSpec,
  TenantSpecInput,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** A valid wizard input for a slug, with optional overrides of its sections. */
export function specInputFor(
  slug: string,
  overrides: {
    details?: Partial<TenantSpecInput['details']>;
    infrastructure?: TenantSpecInput['infrastructure'];
  } = {},
): TenantSpecInput {
  return {
    details: {
      name: `Tenant ${slug}`,
      slug,
      billingTier: 'enterprise',
      adminEmail: `admin@${slug}.example`,
      ...overrides.details,
    },
    infrastructure: { ...overrides.infrastructure },
    modules: {},
    security: { authMethod: 'oidc', mfaPolicy: 'required-all' },
  };
}

/** A validated spec for a slug. */
export function specFor(
  slug: string,
  overrides?: Parameters<typeof specInputFor>[1],
): TenantSpec {
  return tenantSpecSchema.parse(specInputFor(slug, overrides));
}
