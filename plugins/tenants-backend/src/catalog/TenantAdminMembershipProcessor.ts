import {
  Entity,
  getCompoundEntityRef,
  isUserEntity,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantGroups } from '../permissions/TenantGroups';

/** The refresh key of the user entities with an email address. */
export function adminEmailRefreshKey(email: string): string {
  return `tenants-admin-email:${email.toLowerCase()}`;
}

/**
 * Makes the user whose `spec.profile.email` is a tenant's admin email a member
 * of the tenant's admins group (`memberOf` and `hasMember` relations), so that
 * the user's current groups include the tenant's admins group.
 *
 * The tenants come from the Tenant Service's latest snapshot (no catalog
 * queries); every user with an email carries a refresh key for it, which the
 * entity provider refreshes when tenants change.
 */
export class TenantAdminMembershipProcessor implements CatalogProcessor {
  constructor(
    private readonly tenants: () => Tenant[] | undefined,
    private readonly groups: TenantGroups = TenantGroups.defaults,
  ) {}

  getProcessorName(): string {
    return 'TenantAdminMembershipProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isUserEntity(entity) || !entity.spec.profile?.email) {
      return entity;
    }
    const email = entity.spec.profile.email.toLowerCase();
    emit(processingResult.refresh(adminEmailRefreshKey(email)));
    const user = getCompoundEntityRef(entity);
    for (const tenant of this.tenants() ?? []) {
      if (tenant.spec.details.adminEmail.toLowerCase() !== email) {
        continue;
      }
      const group = this.groups.tenantAdminGroupOf(tenant.slug);
      emit(
        processingResult.relation({
          source: user,
          type: RELATION_MEMBER_OF,
          target: group,
        }),
      );
      emit(
        processingResult.relation({
          source: group,
          type: RELATION_HAS_MEMBER,
          target: user,
        }),
      );
    }
    return entity;
  }
}
