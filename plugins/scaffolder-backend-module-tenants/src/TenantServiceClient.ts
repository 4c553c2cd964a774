import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ChangePreview,
  ChangeRequest,
  ChangeRequestDetail,
  ChangeRequestEvent,
  PhaseId,
  Tenant,
  TenantChanges,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** A phase event reported to the Tenant Service. @public */
export interface PhaseEvent {
  type: 'started' | 'log' | 'completed' | 'failed';
  message?: string;
  level?: 'info' | 'warn' | 'error';
}

/** The tenant and its first run, as the Tenant Service registered them. @public */
export interface RegisteredTenant {
  tenant: { id: string; slug: string; cluster?: string };
  run: { id: string; attempt: number };
}

/**
 * Talks to the Tenant Service over its HTTP API, so provisioning status works
 * when the scaffolder runs in another backend instance.
 *
 * @public
 */
export class TenantServiceClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** Registers a tenant on behalf of the user who started the task. */
  register(
    onBehalfOf: BackstageCredentials,
    body: { spec: TenantSpec; cluster: string; taskId: string },
  ): Promise<RegisteredTenant> {
    return this.request(onBehalfOf, 'POST', '/v1/tenants', body);
  }

  /** Reports phase progress with the scaffolder's own service credentials. */
  async reportPhase(tenantId: string, phaseId: PhaseId, event: PhaseEvent) {
    await this.request(
      await this.deps.auth.getOwnServiceCredentials(),
      'POST',
      `/v1/tenants/${encodeURIComponent(tenantId)}/phases/${phaseId}/events`,
      event,
    );
  }

  /** A change request with the specs it goes from and to, read with the scaffolder's service credentials. */
  async getChangeRequest(id: string): Promise<ChangeRequestDetail> {
    return this.request(
      await this.deps.auth.getOwnServiceCredentials(),
      'GET',
      `/v1/change-requests/${encodeURIComponent(id)}`,
    );
  }

  /** Reports progress of applying a change request with the scaffolder's own service credentials. */
  async reportChange(
    id: string,
    event: ChangeRequestEvent,
  ): Promise<ChangeRequest> {
    return this.request(
      await this.deps.auth.getOwnServiceCredentials(),
      'POST',
      `/v1/change-requests/${encodeURIComponent(id)}/events`,
      event,
    );
  }

  /**
   * The tenant with this slug among those the user may read, or undefined
   * (read on behalf of the user who started the task).
   */
  async findTenant(
    onBehalfOf: BackstageCredentials,
    slug: string,
  ): Promise<Tenant | undefined> {
    const { items } = await this.request<{ items: Tenant[] }>(
      onBehalfOf,
      'GET',
      `/v1/tenants?search=${encodeURIComponent(slug)}&limit=100`,
    );
    return items.find(tenant => tenant.slug === slug);
  }

  /** What approving the changes would do, on behalf of the user (who must be allowed to file them). */
  previewChanges(
    onBehalfOf: BackstageCredentials,
    tenantId: string,
    changes: TenantChanges,
  ): Promise<ChangePreview> {
    return this.request(
      onBehalfOf,
      'POST',
      `/v1/tenants/${encodeURIComponent(tenantId)}/change-requests/preview`,
      { changes },
    );
  }

  /** Files a change request on behalf of the user who started the task. */
  fileChangeRequest(
    onBehalfOf: BackstageCredentials,
    tenantId: string,
    body: { changes: TenantChanges; reason: string },
  ): Promise<ChangeRequest> {
    return this.request(
      onBehalfOf,
      'POST',
      `/v1/tenants/${encodeURIComponent(tenantId)}/change-requests`,
      body,
    );
  }

  async isSlugAvailable(
    onBehalfOf: BackstageCredentials,
    slug: string,
  ): Promise<{ available: boolean; reason?: string }> {
    return this.request(
      onBehalfOf,
      'GET',
      `/v1/slugs/${encodeURIComponent(slug)}/availability`,
    );
  }

  private async request<T>(
    onBehalfOf: BackstageCredentials,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.deps.discovery.getBaseUrl('tenants');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: 'tenants',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
