import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Tenant } from '@internal/backstage-plugin-tenants-common';

export type { Tenant };

/** @public */
export interface SlugAvailability {
  slug: string;
  available: boolean;
  reason?: string;
}

/** Client of the Tenant Service. @public */
export interface TenantsApi {
  listTenants(): Promise<{ items: Tenant[]; totalCount: number }>;
  checkSlug(slug: string): Promise<SlugAvailability>;
}

/** @public */
export const tenantsApiRef = createApiRef<TenantsApi>({
  id: 'plugin.tenants.api',
});
