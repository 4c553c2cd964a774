import {
  createComponentExtension,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { tenantsLegacyPlugin } from './fields/legacy';
import { rolloutsRouteRef } from './routes';

/**
 * The Tenant tab for apps on the legacy frontend system: put it on the
 * entity page of tenant resources, e.g.
 *
 * ```tsx
 * <EntityLayout.Route path="/tenant" title="Tenant" if={isTenantEntity}>
 *   <EntityTenantContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityTenantContent = tenantsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantContent',
    component: {
      lazy: () =>
        import('./components/TenantEntityContent').then(
          m => m.TenantEntityContent,
        ),
    },
  }),
);

/**
 * The Change requests tab for apps on the legacy frontend system, e.g.
 *
 * ```tsx
 * <EntityLayout.Route path="/change-requests" title="Change requests" if={isTenantEntity}>
 *   <EntityTenantChangeRequestsContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityTenantChangeRequestsContent = tenantsLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantChangeRequestsContent',
    component: {
      lazy: () =>
        import('./components/TenantEntityContent').then(
          m => m.TenantChangeRequestsContent,
        ),
    },
  }),
);

/**
 * The Rollouts page for apps on the legacy frontend system (platform
 * admins, `tenant.rollout`), e.g. in the app's routes:
 *
 * ```tsx
 * <Route path="/rollouts" element={<TenantRolloutsPage />} />
 * ```
 *
 * Mounted, it also enables the Tenants page's "Start rollout" link.
 *
 * @public
 */
export const TenantRolloutsPage = tenantsLegacyPlugin.provide(
  createRoutableExtension({
    name: 'TenantRolloutsPage',
    component: () => import('./components/Rollouts').then(m => m.RolloutsPage),
    mountPoint: convertLegacyRouteRef(rolloutsRouteRef),
  }),
);

/**
 * Whether an entity is a tenant (kind Resource, spec.type tenant), for the
 * `if` of the legacy entity page's route.
 *
 * @public
 */
export function isTenantEntity(entity: {
  kind: string;
  spec?: { [key: string]: unknown };
}): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === 'tenant'
  );
}
