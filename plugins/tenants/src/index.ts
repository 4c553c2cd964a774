/**
 * Tenant status, provisioning progress, change requests and platform version rollouts in the Backstage catalog.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default } from './plugin';
export {
  tenantsApiRef,
  type TenantsApi,
  type Tenant,
  type SlugAvailability,
} from './api/TenantsApi';
export { TenantsClient } from './api/TenantsClient';
export { TenantsPage } from './components/TenantsPage';
export { RolloutsPage } from './components/Rollouts';
export {
  TenantChangeRequestsContent,
  TenantEntityContent,
  TENANT_ID_ANNOTATION,
} from './components/TenantEntityContent';
export {
  EntityTenantChangeRequestsContent,
  EntityTenantContent,
  isTenantEntity,
  TenantRolloutsPage,
} from './legacy';
export {
  type ChangePreview,
  type ChangeRequest,
  type ChangeRequestDetail,
  type ChangeRequestListQuery,
  type ChangeRequestStatus,
  type CreateChangeRequest,
  type TenantChanges,
  type TenantSpecVersion,
  type ProvisioningStatus,
  type RetryResult,
  type RollbackResult,
  type TenantDetails,
  type TenantListItem,
  type TenantListQuery,
  type TenantRun,
  type TenantRunPhase,
} from './api/TenantsApi';
export {
  type BillingPolicy,
  type BillingTierPolicy,
  type DataSourceTestRequest,
  type DataSourceTestResult,
  type DryRunObject,
  type DryRunPhase,
  type DryRunRequest,
  type DryRunResult,
  type NearestPlacement,
  type Placement,
  type PlacementRegion,
} from './api/TenantsApi';
export {
  type PlatformVersionsResponse,
  type PlatformVersionSummary,
  type Rollout,
  type RolloutCounts,
  type RolloutDetail,
  type RolloutListQuery,
  type RolloutState,
  type RolloutTenant,
  type RolloutTenantState,
  type StartRollout,
} from './api/TenantsApi';
export {
  TenantCidrListFieldExtension,
  TenantDataSourcesFieldExtension,
  TenantPolicyFieldExtension,
  TenantRegionPickerFieldExtension,
  TenantReviewFieldExtension,
  TenantSlugPickerFieldExtension,
} from './fields/legacy';
export type { DataSourceItem } from './fields/TenantDataSources';
export type { TenantReviewValue } from './fields/TenantReview';
