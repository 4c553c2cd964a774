import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { tenantChangeRequestApprovePermission } from '@tenant-platform/backstage-plugin-tenants-common';

export interface DecisionRights {
  loading: boolean;
  /** `tenant.change-request.approve`, asked through the permission framework. */
  canApprove: boolean;
  /** The signed-in user, who may never decide their own requests. */
  userEntityRef?: string;
}

/** Whether the signed-in user approves and rejects change requests, and who they are. */
export function useDecisionRights(): DecisionRights {
  const identityApi = useApi(identityApiRef);
  const permission = usePermission({
    permission: tenantChangeRequestApprovePermission,
  });
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  return {
    loading: permission.loading || identity.loading,
    canApprove: permission.allowed,
    userEntityRef: identity.value?.userEntityRef,
  };
}
