import { mockServices } from '@backstage/backend-test-utils';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TenantStore } from './TenantStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('tenant access filters on %s', databaseId => {
  let store: TenantStore;

  beforeEach(async () => {
    const knex = await databases.init(databaseId);
    store = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    for (const slug of ['alpha', 'bravo', 'charlie', 'delta']) {
      const tenant = await store.createTenant({
        spec: specFor(slug),
        createdBy: 'user:default/admin',
      });
      if (slug === 'bravo') {
        await store.setState(tenant.id, 'ready');
      }
    }
  });

  const slugs = async (
    access: Parameters<TenantStore['listTenants']>[1],
    limit = 20,
  ) => {
    const result = await store.listTenants(
      { orderBy: 'name', order: 'asc', limit },
      access,
    );
    return { slugs: result.items.map(t => t.slug), total: result.totalCount };
  };

  it('returns everything for "all" and nothing for "none"', async () => {
    await expect(slugs({ type: 'all' })).resolves.toEqual({
      slugs: ['alpha', 'bravo', 'charlie', 'delta'],
      total: 4,
    });
    await expect(slugs({ type: 'none' })).resolves.toEqual({
      slugs: [],
      total: 0,
    });
  });

  it('applies criteria in SQL, with a totalCount of the matches only', async () => {
    await expect(
      slugs(
        {
          type: 'criteria',
          criteria: { field: 'slug', values: ['bravo', 'delta', 'zulu'] },
        },
        1,
      ),
    ).resolves.toEqual({ slugs: ['bravo'], total: 2 });
    await expect(
      slugs({ type: 'criteria', criteria: { field: 'slug', values: [] } }),
    ).resolves.toEqual({ slugs: [], total: 0 });
  });

  it('combines allOf, anyOf and not', async () => {
    await expect(
      slugs({
        type: 'criteria',
        criteria: {
          anyOf: [
            { field: 'slug', values: ['alpha'] },
            {
              allOf: [
                { field: 'slug', values: ['bravo', 'charlie'] },
                { not: { field: 'state', values: ['ready'] } },
              ],
            },
          ],
        },
      }),
    ).resolves.toEqual({ slugs: ['alpha', 'charlie'], total: 2 });
  });
});
