import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { AuditStore } from './AuditStore';
import { migrateDatabase } from './util';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('AuditStore on %s', databaseId => {
  it('records events and lists those of one tenant, newest first', async () => {
    const knex = await databases.init(databaseId);
    const store = new AuditStore(
      await migrateDatabase(mockServices.database({ knex })),
    );
    const tenantId = '6f1c1f0e-0d7e-4b43-9b8e-1f2a3b4c5d6e';
    await store.record({
      actor: 'user:default/a',
      action: 'tenant.register',
      tenantId,
      outcome: 'success',
      details: { slug: 'acme' },
    });
    await new Promise(resolve => setTimeout(resolve, 5));
    await store.record({
      actor: 'external:scaffolder',
      action: 'tenant.phase.failed',
      tenantId,
      outcome: 'failure',
      details: { error: { name: 'ConflictError' } },
    });
    await store.record({
      actor: 'user:default/b',
      action: 'tenant.register',
      outcome: 'failure',
      details: {},
    });

    const page = await store.listForTenant(tenantId, { limit: 10, offset: 0 });
    expect(page.totalCount).toBe(2);
    expect(page.items).toEqual([
      expect.objectContaining({
        actor: 'external:scaffolder',
        action: 'tenant.phase.failed',
        outcome: 'failure',
        details: { error: { name: 'ConflictError' } },
      }),
      expect.objectContaining({
        actor: 'user:default/a',
        outcome: 'success',
        details: { slug: 'acme' },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    const second = await store.listForTenant(tenantId, { limit: 1, offset: 1 });
    expect(second.items.map(e => e.actor)).toEqual(['user:default/a']);
  });
});
