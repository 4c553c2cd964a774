import { mockServices } from '@backstage/backend-test-utils';
import {
  TenantSpec,
  tenantSpecSchema,
} from '@internal/backstage-plugin-tenants-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TenantStore } from './TenantStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

function specFor(slug: string): TenantSpec {
  return tenantSpecSchema.parse({
    details: {
      name: `Tenant ${slug}`,
      slug,
      billingTier: 'enterprise',
      adminEmail: `admin@${slug}.example`,
    },
    infrastructure: {},
    modules: {},
    security: { authMethod: 'oidc', mfaPolicy: 'required-all' },
  });
}

describe.each(ids)('TenantStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    return TenantStore.create({ database: mockServices.database({ knex }) });
  }

  it('stores a tenant and reads it back', async () => {
    const store = await createStore();
    const created = await store.createTenant({
      spec: specFor('acme'),
      createdBy: 'user:default/admin',
    });

    expect(created).toMatchObject({
      slug: 'acme',
      name: 'Tenant acme',
      state: 'pending',
      createdBy: 'user:default/admin',
    });
    await expect(store.getTenant(created.id)).resolves.toEqual(created);
    await expect(store.isSlugTaken('acme')).resolves.toBe(true);
    await expect(store.isSlugTaken('other')).resolves.toBe(false);
    await expect(store.listTenants()).resolves.toHaveLength(1);
  });

  it('lets only one of two concurrent registrations of a slug win', async () => {
    const store = await createStore();
    const results = await Promise.allSettled([
      store.createTenant({
        spec: specFor('race'),
        createdBy: 'user:default/a',
      }),
      store.createTenant({
        spec: specFor('race'),
        createdBy: 'user:default/b',
      }),
    ]);

    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({
      name: 'ConflictError',
      message: "A tenant with slug 'race' already exists",
    });
    await expect(store.listTenants()).resolves.toHaveLength(1);
  });

  it('answers 404-style errors for unknown ids', async () => {
    const store = await createStore();
    await expect(store.getTenant('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
