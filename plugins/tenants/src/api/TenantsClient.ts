import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  ProvisioningStatus,
  RetryResult,
  RollbackResult,
  SlugAvailability,
  Tenant,
  TenantDetails,
  TenantListQuery,
  TenantsApi,
} from './TenantsApi';
import type {
  BillingPolicy,
  DataSourceTestRequest,
  DataSourceTestResult,
  DryRunRequest,
  DryRunResult,
  Placement,
} from './TenantsApi';

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
  ): Promise<{ items: Tenant[]; totalCount: number }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.get(`/v1/tenants${search ? `?${search}` : ''}`);
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
  // Provisioning wizard (issue #3): placement, data source test, billing
  // policy and dry run.
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
  // Tenant pages (issue #6): one tenant, its status, retry and rollback.
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
}
