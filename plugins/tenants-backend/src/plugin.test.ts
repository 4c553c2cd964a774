import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { tenantsPlugin } from './plugin';
import { minimalRootConfig } from './__testUtils__/testConfig';

const { databases } = createTestDatabases();

describe('tenantsPlugin', () => {
  async function startBackend() {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        minimalRootConfig(),
      ],
    });
    return server;
  }

  it('serves its health check without credentials', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/tenants/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('lists tenants', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/tenants/v1/tenants');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], totalCount: 0 });
  });

  it('reports slug availability', async () => {
    const server = await startBackend();
    const response = await request(server).get(
      '/api/tenants/v1/slugs/acme/availability',
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ slug: 'acme', available: true });
  });

  it('rejects a malformed slug with a 400 that says what is wrong', async () => {
    const server = await startBackend();
    const response = await request(server).get(
      '/api/tenants/v1/slugs/Not-Valid/availability',
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Slug must start with a lowercase letter and contain only lowercase letters and digits',
    });
  });
});
