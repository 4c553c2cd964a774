import type { ReactNode } from 'react';
import { WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TenantChangeRequests } from '../ChangeRequests';
import { TenantProvisioning } from '../TenantProvisioning';

/** Annotation of the tenant id on tenant entities (see tenants-backend's tenantEntities.ts). @public */
export const TENANT_ID_ANNOTATION = 'tenants.dev/tenant-id';

/** Renders `children` with the tenant id of the current entity, or says it is not a tenant. */
function WithEntityTenant(props: {
  children: (tenantId: string) => ReactNode;
}) {
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
  return <>{props.children(tenantId)}</>;
}

/**
 * The Tenant tab of a tenant's catalog entity (kind Resource, spec.type
 * tenant): its live provisioning status, logs, recovery and configuration.
 *
 * @public
 */
export function TenantEntityContent() {
  return (
    <WithEntityTenant>
      {tenantId => <TenantProvisioning tenantId={tenantId} />}
    </WithEntityTenant>
  );
}

/**
 * The Change requests tab of a tenant's catalog entity: file requests,
 * approve or reject them, follow them being applied, and the spec versions.
 *
 * @public
 */
export function TenantChangeRequestsContent() {
  return (
    <WithEntityTenant>
      {tenantId => <TenantChangeRequests tenantId={tenantId} />}
    </WithEntityTenant>
  );
}
