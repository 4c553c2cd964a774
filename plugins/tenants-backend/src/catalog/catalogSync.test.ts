import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { specInputFor } from '../__testUtils__/specs';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { tenantsPlugin } from '../plugin';
import {
  TenantCatalogBridge,
  tenantCatalogBridgeServiceRef,
} from './TenantCatalogBridge';
import { minimalRootConfig } from '../__testUtils__/testConfig';

jest.setTimeout(60_000);

const { databases } = createTestDatabases();

describe('the Tenant Service feeds the catalog', () => {
  it('publishes all tenants on start and after every change', async () => {
    const knex = await databases.init('SQLITE_3');
    const bridge = new TenantCatalogBridge();
    const snapshots: string[][] = [];
    await bridge.subscribe(tenants => {
      snapshots.push(tenants.map(t => `${t.slug}:${t.state}`));
    });
    const { server } = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        minimalRootConfig(),
        createServiceFactory({
          service: tenantCatalogBridgeServiceRef,
          deps: {},
          factory: () => bridge,
        }),
      ],
    });
    expect(snapshots).toEqual([[]]);

    const asAdmin = {
      Authorization: mockCredentials.user.header('user:default/platform-admin'),
    };
    const asService = { Authorization: mockCredentials.service.header() };
    const { tenant } = (
      await request(server)
        .post('/api/tenants/v1/tenants')
        .set(asAdmin)
        .send({ spec: specInputFor('acme') })
    ).body;
    expect(snapshots.at(-1)).toEqual(['acme:pending']);

    const events = `/api/tenants/v1/tenants/${tenant.id}/phases/namespace/events`;
    await request(server).post(events).set(asService).send({ type: 'started' });
    expect(snapshots.at(-1)).toEqual(['acme:provisioning']);

    const count = snapshots.length;
    await request(server)
      .post(events)
      .set(asService)
      .send({ type: 'log', message: 'hello' });
    expect(snapshots).toHaveLength(count);

    await request(server)
      .post(events)
      .set(asService)
      .send({ type: 'failed', message: 'quota exceeded' });
    expect(snapshots.at(-1)).toEqual(['acme:failed']);

    await request(server)
      .post(`/api/tenants/v1/tenants/${tenant.id}/retry`)
      .set(asAdmin)
      .send({ taskId: 'task-2' });
    expect(snapshots.at(-1)).toEqual(['acme:provisioning']);
  });
});
