import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  TenantSpec,
  TenantState,
} from '@internal/backstage-plugin-tenants-common';

/** A tenant as the Tenant Service returns it. @public */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  spec: TenantSpec;
  state: TenantState;
  cluster?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

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
