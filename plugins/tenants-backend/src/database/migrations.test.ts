import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const directory = resolvePackagePath(
  '@tenant-platform/backstage-plugin-tenants-backend',
  'migrations',
);

describe.each(ids)('migrations on %s', databaseId => {
  it('backfill the filter columns of existing tenants and roll back cleanly', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.up({ directory, name: '20261128000000_init.js' });
    await knex('tenants').insert({
      id: 'a8e0c6a4-5d5f-4a57-9a1f-0c2d8a1f7b11',
      slug: 'old',
      name: 'Old tenant',
      spec: JSON.stringify({
        details: { billingTier: 'starter' },
        infrastructure: { resourceTier: 'large', cloudProvider: 'gcp' },
      }),
      state: 'ready',
      created_by: 'user:default/admin',
    });
    await knex.migrate.latest({ directory });
    await expect(
      knex('tenants').first('billing_tier', 'resource_tier', 'cloud_provider'),
    ).resolves.toEqual({
      billing_tier: 'starter',
      resource_tier: 'large',
      cloud_provider: 'gcp',
    });

    await knex.migrate.down({ directory }); // platform versions and rollouts
    await knex.migrate.down({ directory }); // tenant drift
    await knex.migrate.down({ directory }); // tenant search indexes
    await knex.migrate.down({ directory }); // tenant list indexes
    await knex.migrate.down({ directory }); // change requests (tested beside them)
    await knex.migrate.down({ directory });
    await expect(knex.schema.hasTable('tenant_runs')).resolves.toBe(false);
    await expect(
      knex.schema.hasColumn('tenants', 'resource_tier'),
    ).resolves.toBe(false);
    await expect(knex('tenants').pluck('slug')).resolves.toEqual(['old']);
  });
});
