import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { SlugAvailability, Tenant, TenantsApi } from './TenantsApi';
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

  listTenants(): Promise<{ items: Tenant[]; totalCount: number }> {
    return this.get('/v1/tenants');
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
}
