import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { tenantsPlugin } from '../plugin';
import { MINIMAL_CONFIG } from '../__testUtils__/testConfig';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const { databases } = createTestDatabases();

describe('tenants.permissions at start', () => {
  it('stops the Tenant Service on a malformed group reference, naming the key', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(
      startTestBackend({
        features: [
          tenantsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              tenants: {
                ...MINIMAL_CONFIG.tenants,
                permissions: { tenantAdminGroup: 'group:default/admins' },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid config 'tenants.permissions.tenantAdminGroup': 'group:default/admins' must contain '{slug}' once, in the group name",
    );
  });
});
