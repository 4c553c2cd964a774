import {
  tenantSpecSchema,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** The scaffolder secret the values' one data source takes its password from. */
const WAREHOUSE_PASSWORD_SECRET = 'dataSourcePassword_warehouse';

/** A suffix that keeps this run's tenant slugs apart from other runs'. */
export const uniqueSuffix = () =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/**
 * The tenant-provisioning template's parameters for a small professional
 * tenant with the core module and one PostgreSQL data source, `warehouse`,
 * whose password comes from {@link provisioningSecrets}.
 */
export function provisioningValues(
  slug: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    name: `Test tenant ${slug}`,
    slug,
    billingTier: 'professional',
    adminEmail: 'admin@example.com',
    cloudProvider: 'azure',
    region: 'westeurope',
    resourceTier: 'small',
    dedicatedCompute: false,
    gpuEnabled: false,
    dataSources: [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.example.com',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        tlsMode: 'require',
        passwordSecret: WAREHOUSE_PASSWORD_SECRET,
      },
    ],
    moduleCore: true,
    moduleBi: false,
    moduleMl: false,
    moduleDataPlatform: false,
    moduleContextGraph: false,
    authMethod: 'oidc',
    mfaPolicy: 'required-all',
    allowedCidrs: [],
    ...overrides,
  };
}

/** The scaffolder secrets {@link provisioningValues} asks for: the data source's password. */
export function provisioningSecrets(
  password = `pw-${Math.random().toString(36).slice(2)}-secret`,
) {
  return { [WAREHOUSE_PASSWORD_SECRET]: password };
}

/**
 * A spec for `slug` with every module enabled: tearing it down removes any
 * object the tenant can have, whatever was provisioned.
 */
export function teardownSpecFor(slug: string): TenantSpec {
  const values = provisioningValues(slug);
  return tenantSpecSchema.parse({
    details: {
      name: values.name,
      slug,
      billingTier: values.billingTier,
      adminEmail: values.adminEmail,
    },
    infrastructure: {
      cloudProvider: values.cloudProvider,
      region: values.region,
      resourceTier: values.resourceTier,
    },
    dataSources: values.dataSources,
    modules: {
      core: true,
      bi: true,
      ml: true,
      dataPlatform: true,
      contextGraph: true,
    },
    security: { authMethod: values.authMethod, mfaPolicy: values.mfaPolicy },
  });
}
