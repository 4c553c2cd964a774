import type { TenantDetails } from '../../api/TenantsApi';

/** `tenants.support` of app-config (frontend visible). */
export interface SupportConfig {
  url?: string;
  email?: string;
}

/** What a support request is about. */
export interface SupportContext {
  tenant: Pick<TenantDetails, 'id' | 'slug' | 'name' | 'latestRun'>;
  phase?: string;
  error?: string;
}

const MAX_ERROR = 1500;

/**
 * The "Contact support" link, prefilled with the tenant id, the failed phase
 * and the error: the configured URL with `tenant`, `slug`, `phase` and
 * `error` query parameters, or else a `mailto:` link with subject and body.
 * Undefined when neither is configured.
 */
export function supportHref(
  support: SupportConfig,
  context: SupportContext,
): string | undefined {
  const { tenant, phase } = context;
  const error = context.error?.slice(0, MAX_ERROR);
  const params: Array<[string, string | undefined]> = [
    ['tenant', tenant.id],
    ['slug', tenant.slug],
    ['phase', phase],
    ['error', error],
    ['task', tenant.latestRun?.scaffolderTaskId],
  ];
  if (support.url) {
    const query = params
      .filter((p): p is [string, string] => Boolean(p[1]))
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    return `${support.url}${support.url.includes('?') ? '&' : '?'}${query}`;
  }
  if (support.email) {
    const subject = `Tenant ${tenant.slug}: provisioning failed${
      phase ? ` in phase ${phase}` : ''
    }`;
    const body = [
      `Tenant: ${tenant.name} (${tenant.slug})`,
      `Tenant id: ${tenant.id}`,
      `Failed phase: ${phase ?? 'unknown'}`,
      `Attempt: ${tenant.latestRun?.attempt ?? 'unknown'}`,
      `Scaffolder task: ${tenant.latestRun?.scaffolderTaskId ?? 'none'}`,
      '',
      'Error:',
      error ?? 'unknown',
    ].join('\n');
    return `mailto:${support.email}?subject=${encodeURIComponent(
      subject,
    )}&body=${encodeURIComponent(body)}`;
  }
  return undefined;
}
