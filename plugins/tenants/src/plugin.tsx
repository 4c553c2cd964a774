import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import SystemUpdateAltIcon from '@material-ui/icons/SystemUpdateAlt';
import { tenantsApiRef } from './api/TenantsApi';
import { TenantsClient } from './api/TenantsClient';
import { tenantFormFields } from './fields/extensions';
import { rolloutsRouteRef, rootRouteRef } from './routes';

const tenantsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: tenantsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TenantsClient({ discoveryApi, fetchApi }),
    }),
});

const tenantsPage = PageBlueprint.make({
  params: {
    path: '/tenants',
    title: 'Tenants',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TenantsPage').then(m => <m.TenantsPage />),
  },
});

/**
 * The Rollouts page (`page:tenants/rollouts`): platform versions rolled out
 * to tenants in waves, for platform admins (`tenant.rollout`).
 */
const rolloutsPage = PageBlueprint.make({
  name: 'rollouts',
  params: {
    path: '/rollouts',
    title: 'Rollouts',
    icon: <SystemUpdateAltIcon />,
    routeRef: rolloutsRouteRef,
    loader: () => import('./components/Rollouts').then(m => <m.RolloutsPage />),
  },
});

/** The Tenant tab of tenant entities: kind Resource with spec.type tenant. */
const tenantEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'tenant',
    title: 'Tenant',
    filter: { kind: 'resource', 'spec.type': 'tenant' },
    loader: () =>
      import('./components/TenantEntityContent').then(m => (
        <m.TenantEntityContent />
      )),
  },
});

/** The Change requests tab of tenant entities. */
const tenantChangeRequestsEntityContent = EntityContentBlueprint.make({
  name: 'change-requests',
  params: {
    path: 'change-requests',
    title: 'Change requests',
    filter: { kind: 'resource', 'spec.type': 'tenant' },
    loader: () =>
      import('./components/TenantEntityContent').then(m => (
        <m.TenantChangeRequestsContent />
      )),
  },
});

/**
 * The tenants frontend plugin (new frontend system).
 *
 * @public
 */
export const tenantsPlugin = createFrontendPlugin({
  pluginId: 'tenants',
  title: 'Tenants',
  icon: <StorageIcon />,
  routes: { root: rootRouteRef, rollouts: rolloutsRouteRef },
  extensions: [
    tenantsApi,
    tenantsPage,
    rolloutsPage,
    tenantEntityContent,
    tenantChangeRequestsEntityContent,
    ...tenantFormFields,
  ],
});
