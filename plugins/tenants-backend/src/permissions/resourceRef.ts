import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  TENANT_RESOURCE_TYPE,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';

/**
 * A database filter a tenant permission rule translates to: the tenant's
 * `field` must be one of `values` (an empty list matches nothing).
 *
 * @public
 */
export type TenantQuery = {
  field: 'slug' | 'state';
  values: string[];
};

/**
 * The `tenant` permission resource of the Tenant Service; its resource is a
 * tenant record, its query a {@link TenantQuery}.
 *
 * @public
 */
export const tenantPermissionResourceRef = createPermissionResourceRef<
  Tenant,
  TenantQuery
>().with({ pluginId: 'tenants', resourceType: TENANT_RESOURCE_TYPE });
