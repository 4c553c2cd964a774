import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantNamespaceName } from '@tenant-platform/backstage-plugin-tenants-node';
import type { FullStack } from './fullStackBackend';
import { remainingTenantObjects } from './tenantObjects';

/**
 * Rolls the tenant back through the Tenant Service and proves by listing that
 * nothing of it is left; `present` are objects (as listed) that must be there
 * before, so that the listing is known to find them.
 */
export async function rollBackToNothing(
  stack: Pick<FullStack, 'api' | 'signals' | 'kubeConfig' | 'renderContext'>,
  headers: Record<string, string>,
  tenant: { id: string; spec: TenantSpec },
  present: string[],
) {
  const { api, signals, kubeConfig, renderContext } = stack;
  const { id: tenantId, spec } = tenant;
  const namespace = tenantNamespaceName(spec.details.slug);
  expect(await remainingTenantObjects(kubeConfig, spec, renderContext)).toEqual(
    expect.arrayContaining([
      `namespace/${namespace}`,
      ...present.map(object => `${object} in ${namespace}`),
    ]),
  );
  const rollback = await api()
    .post(`/api/tenants/v1/tenants/${tenantId}/rollback`)
    .set(headers);
  expect(rollback.status).toBe(202);
  expect(rollback.body).toMatchObject({
    started: true,
    tenant: { state: 'rolling_back' },
  });
  await signals.waitFor(
    m => m.tenantId === tenantId && m.state === 'rolled_back',
  );
  expect(await remainingTenantObjects(kubeConfig, spec, renderContext)).toEqual(
    [],
  );
  const status = (
    await api().get(`/api/tenants/v1/tenants/${tenantId}/status`).set(headers)
  ).body;
  expect(status.logs.at(-1)).toMatch(
    /Rollback completed: \d+ object\(s\) deleted, none with the tenant's labels left$/,
  );
  const rolledBack = (
    await api().get(`/api/tenants/v1/tenants/${tenantId}`).set(headers)
  ).body;
  expect(rolledBack.state).toBe('rolled_back');
}
