import {
  tenantSpecSchema,
  type TenantSpec,
} from '@internal/backstage-plugin-tenants-common';

/** The scaffolder secret of the tenant's one data source. */
export const secrets = {
  dataSourcePassword_warehouse: `pw-${Math.random()
    .toString(36)
    .slice(2)}-secret`,
};

/** A suffix that keeps this run's tenant slugs apart from other runs'. */
export const uniqueSuffix = () =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** The tenant-provisioning template's parameters for a small core-only tenant. */
export function valuesFor(slug: string) {
  return {
    name: `Fault test ${slug}`,
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
        passwordSecret: 'dataSourcePassword_warehouse',
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
  };
}

/**
 * A spec for `slug` with every module enabled: tearing it down removes any
 * object the tenant can have, whatever was provisioned.
 */
export function teardownSpecFor(slug: string): TenantSpec {
  const values = valuesFor(slug);
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
