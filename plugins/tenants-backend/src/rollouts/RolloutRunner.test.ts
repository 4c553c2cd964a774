import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { specFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TenantStore } from '../database/TenantStore';
import { RolloutRunner } from './RolloutRunner';
import { RolloutStore } from './RolloutStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('the rollout runner on %s', databaseId => {
  it('starts each upgrade once when two runners (two replicas) work at the same time', async () => {
    const knex = await databases.init(databaseId);
    const tenants = await TenantStore.create({
      database: mockServices.database({ knex }),
    });
    const tenantIds: string[] = [];
    for (const slug of ['one', 'two', 'three', 'four', 'five', 'six']) {
      const tenant = await tenants.createTenant({
        spec: specFor(slug),
        createdBy: 'user:default/platform-admin',
        cluster: 'local',
        platformVersion: '1.0.0',
      });
      await tenants.setState(tenant.id, 'ready');
      tenantIds.push(tenant.id);
    }
    const rolloutId = await new RolloutStore(knex).create({
      targetVersion: '1.1.0',
      reason: 'test',
      waveSize: 6,
      pauseSeconds: 0,
      maxFailures: 1,
      createdBy: 'user:default/platform-admin',
      tenants: tenantIds.map(tenantId => ({ tenantId, fromVersion: '1.0.0' })),
      now: new Date(),
    });

    const started: string[] = [];
    const requestOf = new Map<string, string>();
    const runner = () =>
      new RolloutRunner({
        db: knex,
        upgrades: {
          start: async (_actor, tenantId) => {
            started.push(tenantId);
            // Time for the other runner to try the same tenant.
            await new Promise(resolve => setImmediate(resolve));
            requestOf.set(tenantId, randomUUID());
            return { id: requestOf.get(tenantId) } as any;
          },
        },
        credentials: async () => ({} as any),
        onChange: async () => {},
        logger: mockServices.logger.mock(),
      });
    await Promise.all([runner().runOnce(), runner().runOnce()]);

    expect([...started].sort()).toEqual([...tenantIds].sort());
    const detail = await new RolloutStore(knex).detail(rolloutId);
    expect(
      detail.tenants.map(t => [t.state, t.changeRequestId ?? t.errorMessage]),
    ).toEqual(tenantIds.map(id => ['upgrading', requestOf.get(id)]));
  });
});
