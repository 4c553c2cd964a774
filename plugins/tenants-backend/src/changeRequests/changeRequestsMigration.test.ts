import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const directory = resolvePackagePath(
  '@tenant-platform/backstage-plugin-tenants-backend',
  'migrations',
);

describe.each(ids)('change request migration on %s', databaseId => {
  it('versions existing specs as version 1 and rolls back without touching runs', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.up({ directory, name: '20261128000000_init.js' });
    await knex.migrate.up({
      directory,
      name: '20261128010000_provisioning.js',
    });
    const tenantId = 'a8e0c6a4-5d5f-4a57-9a1f-0c2d8a1f7b11';
    const spec = JSON.stringify({
      details: { billingTier: 'starter' },
      infrastructure: { resourceTier: 'small', cloudProvider: 'gcp' },
    });
    await knex('tenants').insert({
      id: tenantId,
      slug: 'old',
      name: 'Old tenant',
      spec,
      state: 'ready',
      created_by: 'user:default/admin',
    });
    await knex('tenant_runs').insert({
      id: 'b8e0c6a4-5d5f-4a57-9a1f-0c2d8a1f7b11',
      tenant_id: tenantId,
      attempt: 1,
      status: 'completed',
      created_at: new Date(),
    });

    await knex.migrate.latest({ directory });
    await expect(knex('tenants').first('spec_version')).resolves.toEqual({
      spec_version: 1,
    });
    await expect(
      knex('tenant_spec_versions').select(
        'tenant_id',
        'version',
        'spec',
        'created_by',
      ),
    ).resolves.toEqual([
      {
        tenant_id: tenantId,
        version: 1,
        spec,
        created_by: 'user:default/admin',
      },
    ]);
    await expect(knex.schema.hasTable('tenant_change_requests')).resolves.toBe(
      true,
    );

    await knex.migrate.down({ directory }); // platform versions and rollouts
    await knex.migrate.down({ directory }); // tenant drift
    await knex.migrate.down({ directory }); // tenant search indexes
    await knex.migrate.down({ directory }); // tenant list indexes
    await knex.migrate.down({ directory });
    await expect(knex.schema.hasTable('tenant_change_requests')).resolves.toBe(
      false,
    );
    await expect(
      knex.schema.hasColumn('tenants', 'spec_version'),
    ).resolves.toBe(false);
    await expect(knex('tenant_runs').count({ n: '*' })).resolves.toEqual([
      { n: expect.anything() },
    ]);
    expect(Number((await knex('tenant_runs').count({ n: '*' }))[0].n)).toBe(1);
    await expect(knex('tenants').pluck('slug')).resolves.toEqual(['old']);
  });
});
