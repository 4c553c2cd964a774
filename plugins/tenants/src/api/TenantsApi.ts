import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Tenant,
  BillingPolicy,
  ChangePreview,
  ChangeRequest,
  ChangeRequestDetail,
  ChangeRequestStatus,
  CreateChangeRequest,
  TenantChanges,
  TenantSpecVersion,
  TenantRun,
  TenantRunPhase,
  DataSourceTestRequest,
  DataSourceTestResult,
  DryRunObject,
  DryRunPhase,
  DryRunRequest,
  DryRunResponse,
  ListTenantsQuery,
  PlacementResponse,
  ProvisioningStatus,
  TenantDriftReport,
  TenantDriftSummary,
  TenantLastDriftCheck,
  TierPolicy,
  PlatformVersionsResponse,
  PlatformVersionSummary,
  Rollout,
  RolloutCounts,
  RolloutDetail,
  RolloutState,
  RolloutTenant,
  RolloutTenantState,
  StartRollout,
} from '@tenant-platform/backstage-plugin-tenants-common';

export type {
  Tenant,
  TenantDriftReport,
  TenantDriftSummary,
  TenantLastDriftCheck,
};

/** An item of `GET /v1/tenants`: the tenant and the summary of its last drift check. @public */
export interface TenantListItem extends Tenant {
  /** The tenant's last drift check in short, `unchecked` before the first. */
  drift: TenantDriftSummary;
}

/** @public */
export interface SlugAvailability {
  slug: string;
  available: boolean;
  reason?: string;
}

/** Client of the Tenant Service. @public */
export interface TenantsApi {
  /** `GET /v1/tenants` with filters, paging and sorting; without a query, the first page. */
  listTenants(
    query?: TenantListQuery,
  ): Promise<{ items: TenantListItem[]; totalCount: number }>;
  checkSlug(slug: string): Promise<SlugAvailability>;
}

/** @public */
export const tenantsApiRef = createApiRef<TenantsApi>({
  id: 'plugin.tenants.api',
});

// ---------------------------------------------------------------------------
// Provisioning wizard: placement, data source test, billing policy and dry
// run.
// ---------------------------------------------------------------------------

// The request and response shapes are the Tenant Service's own, from
// @tenant-platform/backstage-plugin-tenants-common (wizard.ts and policy.ts).

/** Response of `GET /v1/placement?provider=`: regions with clusters, and what Nearest resolves to. @public */
export type Placement = PlacementResponse;
/** The regions of one provider, with the clusters serving each. @public */
export type PlacementRegion = PlacementResponse['regions'][number];
/** Where Nearest lands: a configured preference or the lowest measured API round trip. @public */
export type NearestPlacement = NonNullable<PlacementResponse['nearest']>;
/** Body of `POST /v1/data-sources/test`. The password is only sent, never kept. @public */
export type { DataSourceTestRequest, DataSourceTestResult };
/** Response of `GET /v1/policy`. @public */
export type { BillingPolicy };
/** What one billing tier allows. @public */
export type BillingTierPolicy = TierPolicy;
/** Body of `POST /v1/tenants/dry-run` (a TenantSpec with data source `passwordSecret` names, no passwords). @public */
export type { DryRunRequest };
/** Response of `POST /v1/tenants/dry-run`. @public */
export type DryRunResult = DryRunResponse;
/** One phase of a dry run: its objects and any error of the API server. @public */
export type { DryRunPhase, DryRunObject };

/**
 * Tenant Service calls of the provisioning wizard's form fields. Declared as a
 * second part of `TenantsApi` (TypeScript merges both declarations).
 *
 * @public
 */
export interface TenantsApi {
  getPlacement(provider: string): Promise<Placement>;
  testDataSource(request: DataSourceTestRequest): Promise<DataSourceTestResult>;
  getPolicy(): Promise<BillingPolicy>;
  dryRun(request: DryRunRequest): Promise<DryRunResult>;
}

// ---------------------------------------------------------------------------
// Tenant pages: listing with filters, one tenant with its newest run, the
// live ProvisioningStatus, retry and rollback.
// ---------------------------------------------------------------------------

export type { TenantRun, TenantRunPhase };

/** Response of `GET /v1/tenants/:id`: the tenant and its newest run. @public */
export interface TenantDetails extends Tenant {
  latestRun?: TenantRun;
}

/** Query of `GET /v1/tenants` (all optional). @public */
export type TenantListQuery = Partial<ListTenantsQuery>;

/** Response of `POST /v1/tenants/:id/retry`. @public */
export interface RetryResult {
  previous: TenantRun;
  run: TenantRun;
}

/** Response of `POST /v1/tenants/:id/rollback`. @public */
export interface RollbackResult {
  tenant: Tenant;
  started: boolean;
  cancelledTaskId?: string;
}

export type { ProvisioningStatus };

/**
 * Tenant Service calls of the tenant pages. Declared as a further part of
 * `TenantsApi` (TypeScript merges the declarations).
 *
 * @public
 */
export interface TenantsApi {
  getTenant(id: string): Promise<TenantDetails>;
  getStatus(id: string): Promise<ProvisioningStatus>;
  /** Retries the failed phase; `secrets` are data-source passwords the phases still need. */
  retry(
    id: string,
    options?: { secrets?: Record<string, string> },
  ): Promise<RetryResult>;
  /** Starts tearing the tenant down; `cancel` cancels a running provisioning task first. */
  rollback(id: string, options?: { cancel?: boolean }): Promise<RollbackResult>;
  /** The tenant's last drift check as kept (scheduled or on demand), without checking again. */
  getDrift(id: string): Promise<TenantLastDriftCheck>;
  /** Compares the tenant's objects on its cluster with what its phases apply, now, and keeps the result. */
  checkDrift(id: string): Promise<TenantDriftReport>;
  /**
   * Starts a repair (platform admins, `tenant.repair`): a change request,
   * approved at once, whose scaffolder task applies the tenant's objects
   * again and removes the unexpected ones.
   */
  repairTenant(
    id: string,
    options?: { reason?: string },
  ): Promise<ChangeRequest>;
}

// ---------------------------------------------------------------------------
// Change requests: tenant admins file them, platform admins approve or
// reject, and the spec versions they create.
// ---------------------------------------------------------------------------

export type {
  ChangePreview,
  ChangeRequest,
  ChangeRequestDetail,
  ChangeRequestStatus,
  CreateChangeRequest,
  TenantChanges,
  TenantSpecVersion,
};

/** Query of `GET /v1/change-requests` (all tenants the user may read) or of one tenant's. @public */
export interface ChangeRequestListQuery {
  tenantId?: string;
  status?: ChangeRequestStatus;
  limit?: number;
  offset?: number;
}

/**
 * Tenant Service calls of change requests. Declared as a further part of
 * `TenantsApi` (TypeScript merges the declarations).
 *
 * @public
 */
export interface TenantsApi {
  listChangeRequests(
    query?: ChangeRequestListQuery,
  ): Promise<{ items: ChangeRequest[]; totalCount: number }>;
  /** The request with its log and, once approved, the spec it goes from and to. */
  getChangeRequest(id: string): Promise<ChangeRequestDetail>;
  createChangeRequest(
    tenantId: string,
    request: CreateChangeRequest,
  ): Promise<ChangeRequest>;
  approveChangeRequest(
    id: string,
    options?: { comment?: string },
  ): Promise<ChangeRequest>;
  rejectChangeRequest(
    id: string,
    options: { comment: string },
  ): Promise<ChangeRequest>;
  /** Applies a failed request again (its scaffolder task is retried). */
  retryChangeRequest(id: string): Promise<ChangeRequest>;
  /**
   * Gives a failed request up (it becomes `reverted`) and applies the
   * tenant's objects again as they were before it; returns the repair
   * change request doing so.
   */
  revertChangeRequest(
    id: string,
    options?: { comment?: string },
  ): Promise<ChangeRequest>;
  /** The tenant's spec versions, newest first. */
  listSpecVersions(tenantId: string): Promise<{ items: TenantSpecVersion[] }>;
  /** What approving these changes would apply, compared on the tenant's cluster; nothing is filed. */
  previewChanges(
    tenantId: string,
    changes: TenantChanges,
  ): Promise<ChangePreview>;
  /** What approving a filed request would apply now. */
  previewChangeRequest(id: string): Promise<ChangePreview>;
}

// ---------------------------------------------------------------------------
// Platform versions and rollouts: platform admins upgrade tenants to a
// platform version in waves.
// ---------------------------------------------------------------------------

export type {
  PlatformVersionsResponse,
  PlatformVersionSummary,
  Rollout,
  RolloutCounts,
  RolloutDetail,
  RolloutState,
  RolloutTenant,
  RolloutTenantState,
  StartRollout,
};

/** Query of `GET /v1/rollouts` (all optional; newest first). @public */
export interface RolloutListQuery {
  state?: RolloutState;
  limit?: number;
  offset?: number;
}

/**
 * Tenant Service calls of platform versions and rollouts (every rollout
 * call needs `tenant.rollout`). Declared as a further part of `TenantsApi`
 * (TypeScript merges the declarations).
 *
 * @public
 */
export interface TenantsApi {
  /** The declared platform versions, the one in force and how many tenants are behind it. */
  getPlatformVersions(): Promise<PlatformVersionsResponse>;
  listRollouts(
    query?: RolloutListQuery,
  ): Promise<{ items: Rollout[]; totalCount: number }>;
  /** Starts upgrading tenants in waves; the rollout with its tenants. */
  startRollout(request: StartRollout): Promise<RolloutDetail>;
  /** The rollout with its tenants, by wave and position. */
  getRollout(id: string): Promise<RolloutDetail>;
  /** No further wave starts; upgrades already started finish. */
  pauseRollout(id: string): Promise<RolloutDetail>;
  /** Goes on with a paused or stopped rollout. */
  resumeRollout(id: string): Promise<RolloutDetail>;
  /** Skips the tenants not started yet; upgrades already started finish. */
  cancelRollout(id: string): Promise<RolloutDetail>;
  /** Runs a tenant's failed upgrade task again. */
  retryRolloutTenant(
    rolloutId: string,
    tenantId: string,
  ): Promise<RolloutDetail>;
  /** Gives a tenant's failed upgrade up and returns it to its previous version. */
  revertRolloutTenant(
    rolloutId: string,
    tenantId: string,
  ): Promise<RolloutDetail>;
}
