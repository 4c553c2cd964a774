import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { SlugAvailability, Tenant, TenantsApi } from './TenantsApi';

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
}
