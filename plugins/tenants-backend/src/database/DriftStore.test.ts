import { mockServices } from '@backstage/backend-test-utils';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DriftStore } from './DriftStore';
import { TenantStore } from './TenantStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('DriftStore on %s', databaseId => {
  it("keeps each tenant's last check and tells the state before it", async () => {
    const knex = await databases.init(databaseId);
    const tenants = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    const tenant = await tenants.createTenant({
      spec: specFor('drifty'),
      cluster: 'east',
      createdBy: 'user:default/admin',
    });
    const store = new DriftStore(knex);
    const about = { tenantId: tenant.id, cluster: 'east' };

    await expect(store.get(tenant.id)).resolves.toBeUndefined();
    await expect(
      store.save({
        ...about,
        checkedAt: '2026-12-07T10:00:00.000Z',
        state: 'in_sync',
        differences: [],
      }),
    ).resolves.toBeUndefined();
    const drifted = {
      ...about,
      checkedAt: '2026-12-07T10:10:00.000Z',
      state: 'drifted' as const,
      differences: [
        {
          type: 'field' as const,
          object: 'deployment/api',
          phase: 'data-plane' as const,
          path: 'spec.replicas',
          live: 7,
          desired: 2,
        },
      ],
    };
    await expect(store.save(drifted)).resolves.toBe('in_sync');
    await expect(store.get(tenant.id)).resolves.toEqual(drifted);

    await knex('tenants').where({ id: tenant.id }).delete();
    await expect(store.get(tenant.id)).resolves.toBeUndefined();
  });
});
