import { screen, within } from '@testing-library/react';
import { SWRConfig } from 'swr';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { getComponentData } from '@backstage/core-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { tenantsApiRef, type TenantsApi } from '../../api/TenantsApi';
import { buildPlatformVersions } from '../../__testUtils__/rollouts';
import * as pluginPackage from '../../index';
import { tenantsPlugin } from '../../plugin';
import { rolloutsRouteRef } from '../../routes';

jest.setTimeout(30_000);

describe('the Rollouts page as an extension', () => {
  const extension = tenantsPlugin.getExtension('page:tenants/rollouts');

  it('is a page at /rollouts with its own route ref, titled Rollouts for the sidebar', () => {
    const tester = createExtensionTester(extension);
    expect(tester.get(coreExtensionData.routePath)).toBe('/rollouts');
    expect(tester.get(coreExtensionData.routeRef)).toBe(rolloutsRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Rollouts');
    expect(tenantsPlugin.routes.rollouts).toBe(rolloutsRouteRef);
  });

  it('has a legacy routable extension mounted on the same route ref', () => {
    const { TenantRolloutsPage } = pluginPackage;
    expect(getComponentData(<TenantRolloutsPage />, 'core.mountPoint')).toBe(
      rolloutsRouteRef,
    );
    expect(pluginPackage.RolloutsPage).toBeDefined();
  });

  it('lets the legacy Tenants page link to the mounted Rollouts page', async () => {
    const api: Partial<TenantsApi> = {
      listTenants: async () => ({ items: [], totalCount: 0 }),
      listChangeRequests: async () => ({ items: [], totalCount: 0 }),
      getPlacement: async () => ({
        provider: 'azure',
        regions: [],
        nearest: null,
      }),
      getPlatformVersions: async () => buildPlatformVersions(),
    };
    const { TenantsPage } = pluginPackage;
    await renderInTestApp(
      <SWRConfig value={{ provider: () => new Map() }}>
        <TestApiProvider
          apis={[
            [tenantsApiRef, api],
            [permissionApiRef, new MockPermissionApi()],
          ]}
        >
          <TenantsPage />
        </TestApiProvider>
      </SWRConfig>,
      {
        mountedRoutes: {
          '/rollouts': rolloutsRouteRef as any,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    const banner = await screen.findByRole('status', {
      name: 'Platform version',
    });
    expect(
      within(banner).getByRole('button', { name: 'Start rollout' }),
    ).toHaveAttribute('href', '/rollouts?start=1');
  });
});
