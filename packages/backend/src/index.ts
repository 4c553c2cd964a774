import { createBackend } from '@backstage/backend-defaults';
import {
  catalogModuleTenants,
  catalogModuleTenantTemplates,
  permissionModuleTenantPolicy,
} from '@tenant-platform/backstage-plugin-tenants-backend';
import { databaseServiceFactory } from './services/databaseServiceFactory';

const backend = createBackend();

// Replicas may start together on an empty database: migrations wait for each other.
backend.add(databaseServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));

// Authentication: development sign-in as the example users (src/modules/devSignIn)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('./modules/devSignIn'));

// Catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Tenants of the Tenant Service as catalog entities, with their admins groups
backend.add(catalogModuleTenants);
// The provisioning and change templates packaged with tenants-backend
backend.add(catalogModuleTenantTemplates);

// Scaffolder, with the tenant provisioning actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@tenant-platform/backstage-plugin-scaffolder-backend-module-tenants'),
);

// Permissions, with the tenant platform's policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionModuleTenantPolicy);

// Search over the catalog
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Kubernetes views of tenant namespaces
backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-events-backend'));

// The Tenant Service
backend.add(import('@tenant-platform/backstage-plugin-tenants-backend'));

backend.start();
