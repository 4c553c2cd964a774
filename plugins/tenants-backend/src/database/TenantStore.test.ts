import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { tenantSpecSchema } from '@tenant-platform/backstage-plugin-tenants-common';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DriftStore } from './DriftStore';
import { TenantStore } from './TenantStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

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
    await expect(store.listTenants()).resolves.toMatchObject({
      totalCount: 1,
    });
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
    await expect(store.listTenants()).resolves.toMatchObject({
      totalCount: 1,
    });
  });

  it('answers 404-style errors for unknown ids', async () => {
    const store = await createStore();
    await expect(store.getTenant('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});

describe.each(ids)('TenantStore.listAllTenants on %s', databaseId => {
  it('reads every tenant once, oldest first, across its pages', async () => {
    const knex = await databases.init(databaseId);
    const store = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    // More than two pages; tenants created in the same millisecond (ten per
    // timestamp) are told apart by id.
    const spec = JSON.stringify(specFor('bulk'));
    const start = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      slug: `bulk-${i}`,
      name: `Bulk ${i}`,
      spec,
      state: i % 7 === 0 ? 'rolling_back' : 'ready',
      created_by: 'user:default/admin',
      created_at: new Date(start + Math.floor(i / 10)),
      updated_at: new Date(start),
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await knex('tenants').insert(rows.slice(i, i + 200));
    }

    const all = await store.listAllTenants();
    expect(all.map(t => t.slug)).toEqual(rows.map(r => r.slug));
    await expect(
      store.listTenantsInState('rolling_back'),
    ).resolves.toHaveLength(Math.ceil(1234 / 7));
  });
});

describe.each(ids)('TenantStore.listTenants on %s', databaseId => {
  async function seededStore() {
    const knex = await databases.init(databaseId);
    const store = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    const seeds = [
      { slug: 'alpha', name: 'Alpha Corp', tier: 'small', provider: 'aws' },
      { slug: 'bravo', name: 'Bravo 100%', tier: 'medium', provider: 'gcp' },
      { slug: 'charlie', name: 'Charlie', tier: 'large', provider: 'azure' },
      { slug: 'delta', name: 'Delta_Ltd', tier: 'small', provider: 'aws' },
    ] as const;
    const created = [];
    for (const [index, s] of seeds.entries()) {
      const spec = tenantSpecSchema.parse({
        ...specFor(s.slug),
        details: { ...specFor(s.slug).details, name: s.name },
        infrastructure: { resourceTier: s.tier, cloudProvider: s.provider },
      });
      created.push(
        await store.createTenant({
          spec,
          createdBy: 'user:default/admin',
          cluster: index % 2 === 0 ? 'east' : 'west',
        }),
      );
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    await store.setState(created[2].id, 'ready');
    return { store, created, knex };
  }

  it('serves a search from its index instead of reading every tenant', async () => {
    const { store, knex } = await seededStore();
    const queries: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    const record = (q: { sql: string; bindings: Knex.RawBinding[] }) =>
      queries.push(q);
    knex.on('query', record);
    try {
      await store.listTenants({ search: 'corp' });
    } finally {
      knex.off('query', record);
    }
    const count = queries.find(q => /count\(\*\)/i.test(q.sql))!;
    // PostgreSQL's queries come with its own placeholders.
    const sql = count.sql.replace(/\$\d+/g, '?');
    const sqlite = databaseId.startsWith('SQLITE');
    const plan = sqlite
      ? await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, count.bindings)
      : // The tables of a test are tiny: without this the planner reads them whole.
        await knex.transaction(async tx => {
          await tx.raw('SET LOCAL enable_seqscan = off');
          return tx.raw(`EXPLAIN ${sql}`, count.bindings);
        });
    const text = JSON.stringify(sqlite ? plan : plan.rows);
    expect(text).toContain(
      sqlite ? 'tenants_search_text_idx' : 'tenants_search_text_trgm_idx',
    );
  });

  it('filters, searches, sorts and pages', async () => {
    const { store } = await seededStore();
    const slugs = async (options: Parameters<TenantStore['listTenants']>[0]) =>
      (await store.listTenants(options)).items.map(t => t.slug);

    await expect(slugs({})).resolves.toEqual([
      'delta',
      'charlie',
      'bravo',
      'alpha',
    ]);
    await expect(slugs({ resourceTier: 'small' })).resolves.toEqual([
      'delta',
      'alpha',
    ]);
    await expect(slugs({ provider: 'gcp' })).resolves.toEqual(['bravo']);
    await expect(slugs({ state: 'ready' })).resolves.toEqual(['charlie']);
    await expect(slugs({ cluster: 'west' })).resolves.toEqual([
      'delta',
      'bravo',
    ]);
    await expect(slugs({ billingTier: 'starter' })).resolves.toEqual([]);
    await expect(slugs({ search: 'CORP' })).resolves.toEqual(['alpha']);
    await expect(slugs({ search: 'lph' })).resolves.toEqual(['alpha']);
    // LIKE wildcards in the search term are matched literally
    await expect(slugs({ search: '%' })).resolves.toEqual(['bravo']);
    await expect(slugs({ search: '_' })).resolves.toEqual(['delta']);
    await expect(slugs({ orderBy: 'name', order: 'asc' })).resolves.toEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
    ]);

    const page = await store.listTenants({
      orderBy: 'name',
      order: 'asc',
      limit: 2,
      offset: 1,
    });
    expect(page.items.map(t => t.slug)).toEqual(['bravo', 'charlie']);
    expect(page.totalCount).toBe(4);
    await expect(
      store.listTenants({ resourceTier: 'small', limit: 1 }),
    ).resolves.toMatchObject({ totalCount: 2 });
  });
});

describe.each(ids)('TenantStore.listTenants by drift on %s', databaseId => {
  const CHECKED_AT = '2026-12-07T10:00:00.000Z';
  const field = {
    type: 'field' as const,
    object: 'deployment/api',
    phase: 'data-plane' as const,
    path: 'spec.replicas',
  };

  /** alpha and bravo drifted, charlie unknown, delta never checked, echo in sync; bravo and charlie ready. */
  async function storeWithDrift() {
    const knex = await databases.init(databaseId);
    const store = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    const drifts = new DriftStore(knex);
    const tenantIds: Record<string, string> = {};
    for (const [index, slug] of [
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
    ].entries()) {
      const tenant = await store.createTenant({
        spec: specFor(slug),
        createdBy: 'user:default/admin',
        cluster: index % 2 === 0 ? 'east' : 'west',
      });
      tenantIds[slug] = tenant.id;
    }
    await store.setState(tenantIds.bravo, 'ready');
    await store.setState(tenantIds.charlie, 'ready');
    const about = (slug: string) => ({
      tenantId: tenantIds[slug],
      cluster: 'east',
      checkedAt: CHECKED_AT,
    });
    await drifts.save({
      ...about('alpha'),
      state: 'drifted',
      differences: [field, { ...field, path: 'spec.paused' }],
    });
    await drifts.save({
      ...about('bravo'),
      state: 'drifted',
      differences: [field],
    });
    await drifts.save({ ...about('charlie'), state: 'unknown', reason: 'x' });
    await drifts.save({ ...about('echo'), state: 'in_sync', differences: [] });
    return store;
  }

  it('carries the summary of each tenant’s last check, unchecked before the first', async () => {
    const store = await storeWithDrift();
    const { items } = await store.listTenants({
      orderBy: 'name',
      order: 'asc',
    });
    expect(items.map(t => [t.slug, t.drift])).toEqual([
      ['alpha', { state: 'drifted', differences: 2, checkedAt: CHECKED_AT }],
      ['bravo', { state: 'drifted', differences: 1, checkedAt: CHECKED_AT }],
      ['charlie', { state: 'unknown', differences: 0, checkedAt: CHECKED_AT }],
      ['delta', { state: 'unchecked' }],
      ['echo', { state: 'in_sync', differences: 0, checkedAt: CHECKED_AT }],
    ]);
    // The tenant's own state, not its drift's.
    expect(items.map(t => t.state)).toEqual([
      'pending',
      'ready',
      'ready',
      'pending',
      'pending',
    ]);
  });

  it('filters by drift state with the other filters, paging and counting the matches', async () => {
    const store = await storeWithDrift();
    const list = async (options: Parameters<TenantStore['listTenants']>[0]) => {
      const result = await store.listTenants({
        orderBy: 'name',
        order: 'asc',
        ...options,
      });
      return {
        slugs: result.items.map(t => t.slug),
        total: result.totalCount,
      };
    };

    await expect(list({ drift: 'drifted' })).resolves.toEqual({
      slugs: ['alpha', 'bravo'],
      total: 2,
    });
    await expect(list({ drift: 'in_sync' })).resolves.toEqual({
      slugs: ['echo'],
      total: 1,
    });
    await expect(list({ drift: 'unknown' })).resolves.toEqual({
      slugs: ['charlie'],
      total: 1,
    });
    await expect(list({ drift: 'unchecked' })).resolves.toEqual({
      slugs: ['delta'],
      total: 1,
    });
    await expect(
      list({ drift: 'drifted', limit: 1, offset: 1 }),
    ).resolves.toEqual({ slugs: ['bravo'], total: 2 });
    await expect(list({ drift: 'drifted', cluster: 'west' })).resolves.toEqual({
      slugs: ['bravo'],
      total: 1,
    });
    // Both tables have a `state`: each filter and the sort take the right one.
    await expect(list({ drift: 'unknown', state: 'ready' })).resolves.toEqual({
      slugs: ['charlie'],
      total: 1,
    });
    await expect(list({ drift: 'unknown', state: 'pending' })).resolves.toEqual(
      { slugs: [], total: 0 },
    );
    const byState = await list({ orderBy: 'state', order: 'desc' });
    expect(byState.slugs.slice(0, 2).sort()).toEqual(['bravo', 'charlie']);
    expect(byState.total).toBe(5);
  });
});
