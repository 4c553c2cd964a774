import { createComponentExtension } from '@backstage/core-plugin-api';
import { tenantsLegacyPlugin } from './fields/legacy';

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
