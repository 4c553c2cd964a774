import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of tenant permissions that are checked per tenant. @public */
export const TENANT_RESOURCE_TYPE = 'tenant';

/** Register a new tenant (and run the provisioning template). @public */
export const tenantCreatePermission = createPermission({
  name: 'tenant.create',
  attributes: { action: 'create' },
});

/** Read a tenant: its record, status, logs and change requests. @public */
export const tenantReadPermission = createPermission({
  name: 'tenant.read',
  attributes: { action: 'read' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/** Retry a failed provisioning run or roll a tenant back. @public */
export const tenantManagePermission = createPermission({
  name: 'tenant.manage',
  attributes: { action: 'update' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/** File a change request for a tenant. @public */
export const tenantChangeRequestCreatePermission = createPermission({
  name: 'tenant.change-request.create',
  attributes: { action: 'create' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/** Approve or reject change requests. @public */
export const tenantChangeRequestApprovePermission = createPermission({
  name: 'tenant.change-request.approve',
  attributes: { action: 'update' },
});

/**
 * Repair a drifted tenant: apply its spec's objects again and remove the
 * objects with its labels that no phase renders.
 *
 * @public
 */
export const tenantRepairPermission = createPermission({
  name: 'tenant.repair',
  attributes: { action: 'update' },
  resourceType: TENANT_RESOURCE_TYPE,
});

/**
 * Reading platform versions and rollouts, starting rollouts of a platform
 * version across tenants, pausing, resuming and cancelling them, and
 * retrying or reverting a tenant's failed upgrade. Not tied to one tenant.
 *
 * @public
 */
export const tenantRolloutPermission = createPermission({
  name: 'tenant.rollout',
  attributes: { action: 'update' },
});

/** @public */
export const tenantPermissions = [
  tenantCreatePermission,
  tenantReadPermission,
  tenantManagePermission,
  tenantChangeRequestCreatePermission,
  tenantChangeRequestApprovePermission,
  tenantRepairPermission,
  tenantRolloutPermission,
];
