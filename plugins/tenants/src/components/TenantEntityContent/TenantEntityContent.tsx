import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TenantProvisioning } from '../TenantProvisioning';

/** Annotation of the tenant id on tenant entities (see tenants-backend's tenantEntities.ts). */
export const TENANT_ID_ANNOTATION = 'tenants.dev/tenant-id';

/**
 * The Tenant tab of a tenant's catalog entity (kind Resource, spec.type
 * tenant): its live provisioning status, logs, recovery and configuration.
 */
export function TenantEntityContent() {
  const { entity } = useEntity();
  const tenantId = entity.metadata.annotations?.[TENANT_ID_ANNOTATION];
  if (!tenantId) {
    return (
      <WarningPanel
        title="Not a tenant"
        message={`This entity has no ${TENANT_ID_ANNOTATION} annotation; tenant entities are created by the Tenant Service.`}
      />
    );
  }
  return <TenantProvisioning tenantId={tenantId} />;
}
