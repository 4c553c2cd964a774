import type { Api } from './fullStackBackend';

type Headers = Record<string, string>;

/** The id of the tenant with this slug, as the Tenant Service lists it. */
export async function tenantIdOf(
  api: Api,
  slug: string,
  headers: Headers,
): Promise<string> {
  const list = await api().get('/api/tenants/v1/tenants').set(headers);
  const tenant = list.body.items.find((t: any) => t.slug === slug);
  expect(tenant).toBeDefined();
  return tenant.id;
}

/**
 * Reads the tenant every second until `done(tenant)` holds or `timeoutMs`
 * passes; resolves with the last tenant read either way.
 */
export async function pollTenant(
  api: Api,
  tenantId: string,
  headers: Headers,
  done: (tenant: any) => boolean,
  timeoutMs = 180_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body: tenant } = await api()
      .get(`/api/tenants/v1/tenants/${tenantId}`)
      .set(headers);
    if (done(tenant) || Date.now() > deadline) return tenant;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
