import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogMembership } from './CatalogMembership';

/**
 * The users' current membership in the catalog, for permission policies:
 * what {@link permissionModuleTenantPolicy} decides with, and what a
 * portal's own policy passes to {@link createTenantPolicyDecision}.
 *
 * @public
 */
export const catalogMembershipServiceRef = createServiceRef<CatalogMembership>(
  {
    id: 'tenants.catalog-membership',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          logger: coreServices.logger,
        },
        factory: ({ catalog, auth, logger }) =>
          new CatalogMembership({ catalog, auth, logger }),
      }),
  },
);
