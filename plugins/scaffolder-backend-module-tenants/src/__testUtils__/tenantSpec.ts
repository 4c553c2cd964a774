import {
  tenantSpecSchema,
  type TenantSpec,
  type TenantSpecInput,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** The action secret the spec's one data source takes its password from. */
const WAREHOUSE_PASSWORD_SECRET = 'warehousePassword';

/**
 * The tenant the actions' integration tests and the provisioning benchmark
 * provision: small, professional, the default modules (core, bi,
 * contextGraph) and one PostgreSQL data source, `warehouse`, whose password
 * comes from {@link tenantSecrets}.
 */
export function testTenantSpec(
  slug: string,
  overrides: Partial<TenantSpecInput> = {},
): TenantSpec {
  return tenantSpecSchema.parse({
    details: {
      name: 'Test Tenant',
      slug,
      billingTier: 'professional',
      adminEmail: 'admin@example.com',
    },
    infrastructure: {
      cloudProvider: 'azure',
      region: 'westeurope',
      resourceTier: 'small',
    },
    dataSources: [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.example.com',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        passwordSecret: WAREHOUSE_PASSWORD_SECRET,
      },
    ],
    modules: {},
    security: { authMethod: 'oidc', mfaPolicy: 'optional' },
    ...overrides,
  });
}

/** The action secrets {@link testTenantSpec} asks for: the data source's password. */
export function tenantSecrets(password: string) {
  return { [WAREHOUSE_PASSWORD_SECRET]: password };
}

/** The smallest valid spec, of the tenant `acme`: what the unit tests run actions with. */
export const acmeSpecInput = {
  details: {
    name: 'Acme Analytics',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: { cloudProvider: 'azure', region: 'westeurope' },
  modules: {},
  security: { authMethod: 'oidc', mfaPolicy: 'optional' },
};
