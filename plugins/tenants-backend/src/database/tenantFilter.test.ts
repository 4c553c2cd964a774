import { mockServices } from '@backstage/backend-test-utils';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DriftStore } from './DriftStore';
import { TenantStore } from './TenantStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('tenant access filters on %s', databaseId => {
  let store: TenantStore;
  let drifts: DriftStore;
  let tenantIds: Record<string, string>;

  beforeEach(async () => {
    const knex = await databases.init(databaseId);
    store = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    drifts = new DriftStore(knex);
    tenantIds = {};
    for (const slug of ['alpha', 'bravo', 'charlie', 'delta']) {
      const tenant = await store.createTenant({
        spec: specFor(slug),
        createdBy: 'user:default/admin',
      });
      tenantIds[slug] = tenant.id;
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

  it('takes the tenant’s state, not its drift’s, when a drift filter joins the checks', async () => {
    const checkedAt = '2026-12-07T10:00:00.000Z';
    await drifts.save({
      tenantId: tenantIds.bravo,
      cluster: 'east',
      checkedAt,
      state: 'in_sync',
      differences: [],
    });
    await drifts.save({
      tenantId: tenantIds.charlie,
      cluster: 'east',
      checkedAt,
      state: 'unknown',
      reason: 'unreachable',
    });
    const list = async (
      drift: 'in_sync' | 'unchecked',
      criteria: Parameters<typeof slugs>[0],
    ) => {
      const result = await store.listTenants(
        { drift, orderBy: 'name', order: 'asc' },
        criteria,
      );
      return {
        slugs: result.items.map(t => t.slug),
        total: result.totalCount,
      };
    };

    await expect(
      list('in_sync', {
        type: 'criteria',
        criteria: { field: 'state', values: ['ready'] },
      }),
    ).resolves.toEqual({ slugs: ['bravo'], total: 1 });
    await expect(
      list('unchecked', {
        type: 'criteria',
        criteria: {
          allOf: [
            { not: { field: 'state', values: ['ready'] } },
            { field: 'slug', values: ['alpha', 'bravo', 'charlie'] },
          ],
        },
      }),
    ).resolves.toEqual({ slugs: ['alpha'], total: 1 });
  });
});
