import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  ChangePreview,
  ChangeRequest,
  ChangeRequestDetail,
  ChangeRequestListQuery,
  CreateChangeRequest,
  PlatformVersionsResponse,
  Rollout,
  RolloutDetail,
  RolloutListQuery,
  StartRollout,
  ProvisioningStatus,
  RetryResult,
  RollbackResult,
  SlugAvailability,
  TenantDetails,
  TenantDriftReport,
  TenantLastDriftCheck,
  TenantListItem,
  TenantListQuery,
  TenantChanges,
  TenantsApi,
  TenantSpecVersion,
} from './TenantsApi';
import type {
  BillingPolicy,
  DataSourceTestRequest,
  DataSourceTestResult,
  DryRunRequest,
  DryRunResult,
  Placement,
} from './TenantsApi';

/** `?key=value&…` of the defined, non-empty values; empty without any. */
function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Talks to the Tenant Service backend plugin over its REST API. @public */
export class TenantsClient implements TenantsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listTenants(
    query: TenantListQuery = {},
  ): Promise<{ items: TenantListItem[]; totalCount: number }> {
    return this.get(`/v1/tenants${queryString(query)}`);
  }

  checkSlug(slug: string): Promise<SlugAvailability> {
    return this.get(`/v1/slugs/${encodeURIComponent(slug)}/availability`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tenants');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  // -------------------------------------------------------------------------
  // Provisioning wizard: placement, data source test, billing policy and
  // dry run.
  // -------------------------------------------------------------------------

  getPlacement(provider: string): Promise<Placement> {
    return this.get(`/v1/placement?provider=${encodeURIComponent(provider)}`);
  }

  testDataSource(
    request: DataSourceTestRequest,
  ): Promise<DataSourceTestResult> {
    return this.post('/v1/data-sources/test', request);
  }

  getPolicy(): Promise<BillingPolicy> {
    return this.get('/v1/policy');
  }

  dryRun(request: DryRunRequest): Promise<DryRunResult> {
    return this.post('/v1/tenants/dry-run', request);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tenants');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  // -------------------------------------------------------------------------
  // Tenant pages: one tenant, its status, retry and rollback.
  // -------------------------------------------------------------------------

  getTenant(id: string): Promise<TenantDetails> {
    return this.get(`/v1/tenants/${encodeURIComponent(id)}`);
  }

  getStatus(id: string): Promise<ProvisioningStatus> {
    return this.get(`/v1/tenants/${encodeURIComponent(id)}/status`);
  }

  retry(
    id: string,
    options: { secrets?: Record<string, string> } = {},
  ): Promise<RetryResult> {
    return this.post(`/v1/tenants/${encodeURIComponent(id)}/retry`, options);
  }

  rollback(
    id: string,
    options: { cancel?: boolean } = {},
  ): Promise<RollbackResult> {
    return this.post(`/v1/tenants/${encodeURIComponent(id)}/rollback`, options);
  }

  getDrift(id: string): Promise<TenantLastDriftCheck> {
    return this.get(`/v1/tenants/${encodeURIComponent(id)}/drift`);
  }

  checkDrift(id: string): Promise<TenantDriftReport> {
    return this.post(`/v1/tenants/${encodeURIComponent(id)}/drift/check`, {});
  }

  repairTenant(
    id: string,
    options: { reason?: string } = {},
  ): Promise<ChangeRequest> {
    return this.post(`/v1/tenants/${encodeURIComponent(id)}/repair`, options);
  }

  // -------------------------------------------------------------------------
  // Change requests.
  // -------------------------------------------------------------------------

  listChangeRequests(
    query: ChangeRequestListQuery = {},
  ): Promise<{ items: ChangeRequest[]; totalCount: number }> {
    const { tenantId, ...rest } = query;
    const path = tenantId
      ? `/v1/tenants/${encodeURIComponent(tenantId)}/change-requests`
      : '/v1/change-requests';
    return this.get(`${path}${queryString(rest)}`);
  }

  getChangeRequest(id: string): Promise<ChangeRequestDetail> {
    return this.get(`/v1/change-requests/${encodeURIComponent(id)}`);
  }

  createChangeRequest(
    tenantId: string,
    request: CreateChangeRequest,
  ): Promise<ChangeRequest> {
    return this.post(
      `/v1/tenants/${encodeURIComponent(tenantId)}/change-requests`,
      request,
    );
  }

  approveChangeRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<ChangeRequest> {
    return this.post(
      `/v1/change-requests/${encodeURIComponent(id)}/approve`,
      options,
    );
  }

  rejectChangeRequest(
    id: string,
    options: { comment: string },
  ): Promise<ChangeRequest> {
    return this.post(
      `/v1/change-requests/${encodeURIComponent(id)}/reject`,
      options,
    );
  }

  retryChangeRequest(id: string): Promise<ChangeRequest> {
    return this.post(`/v1/change-requests/${encodeURIComponent(id)}/retry`, {});
  }

  revertChangeRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<ChangeRequest> {
    return this.post(
      `/v1/change-requests/${encodeURIComponent(id)}/revert`,
      options,
    );
  }

  listSpecVersions(tenantId: string): Promise<{ items: TenantSpecVersion[] }> {
    return this.get(
      `/v1/tenants/${encodeURIComponent(tenantId)}/spec-versions`,
    );
  }

  previewChanges(
    tenantId: string,
    changes: TenantChanges,
  ): Promise<ChangePreview> {
    return this.post(
      `/v1/tenants/${encodeURIComponent(tenantId)}/change-requests/preview`,
      { changes },
    );
  }

  previewChangeRequest(id: string): Promise<ChangePreview> {
    return this.get(`/v1/change-requests/${encodeURIComponent(id)}/preview`);
  }

  // -------------------------------------------------------------------------
  // Platform versions and rollouts.
  // -------------------------------------------------------------------------

  getPlatformVersions(): Promise<PlatformVersionsResponse> {
    return this.get('/v1/platform-versions');
  }

  listRollouts(
    query: RolloutListQuery = {},
  ): Promise<{ items: Rollout[]; totalCount: number }> {
    return this.get(`/v1/rollouts${queryString(query)}`);
  }

  startRollout(request: StartRollout): Promise<RolloutDetail> {
    return this.post('/v1/rollouts', request);
  }

  getRollout(id: string): Promise<RolloutDetail> {
    return this.get(`/v1/rollouts/${encodeURIComponent(id)}`);
  }

  pauseRollout(id: string): Promise<RolloutDetail> {
    return this.post(`/v1/rollouts/${encodeURIComponent(id)}/pause`, {});
  }

  resumeRollout(id: string): Promise<RolloutDetail> {
    return this.post(`/v1/rollouts/${encodeURIComponent(id)}/resume`, {});
  }

  cancelRollout(id: string): Promise<RolloutDetail> {
    return this.post(`/v1/rollouts/${encodeURIComponent(id)}/cancel`, {});
  }

  retryRolloutTenant(
    rolloutId: string,
    tenantId: string,
  ): Promise<RolloutDetail> {
    return this.post(this.rolloutTenantPath(rolloutId, tenantId, 'retry'), {});
  }

  revertRolloutTenant(
    rolloutId: string,
    tenantId: string,
  ): Promise<RolloutDetail> {
    return this.post(this.rolloutTenantPath(rolloutId, tenantId, 'revert'), {});
  }

  private rolloutTenantPath(
    rolloutId: string,
    tenantId: string,
    action: 'retry' | 'revert',
  ): string {
    return `/v1/rollouts/${encodeURIComponent(
      rolloutId,
    )}/tenants/${encodeURIComponent(tenantId)}/${action}`;
  }
}
