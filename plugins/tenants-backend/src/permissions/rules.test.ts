import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { specFor } from '../__testUtils__/specs';
import { hasTenantState, isTenantAdmin } from './rules';
import { tenantConditions } from './conditions';

const tenant: Tenant = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'acme',
  name: 'Tenant acme',
  spec: specFor('acme'),
  state: 'ready',
  createdBy: 'user:default/platform-admin',
  createdAt: '2026-11-28T00:00:00.000Z',
  updatedAt: '2026-11-28T00:00:00.000Z',
};

describe('tenant permission rules', () => {
  it('isTenantAdmin applies to members of the tenant admins group', () => {
    expect(
      isTenantAdmin.apply(tenant, {
        claims: ['user:default/terry', 'group:default/acme-admins'],
      }),
    ).toBe(true);
    expect(
      isTenantAdmin.apply(tenant, { claims: ['Group:default/ACME-admins'] }),
    ).toBe(true);
    expect(
      isTenantAdmin.apply(tenant, {
        claims: ['user:default/terry', 'group:default/other-admins'],
      }),
    ).toBe(false);
  });

  it('isTenantAdmin translates to the slugs of the admins groups claimed', () => {
    expect(
      isTenantAdmin.toQuery({
        claims: [
          'user:default/terry',
          'group:default/acme-admins',
          'group:default/beta-admins',
          'group:default/acme-admins',
          'group:default/platform-admins',
        ],
      }),
    ).toEqual({ field: 'slug', values: ['acme', 'beta'] });
    expect(isTenantAdmin.toQuery({ claims: [] })).toEqual({
      field: 'slug',
      values: [],
    });
  });

  it('hasTenantState matches states', () => {
    expect(hasTenantState.apply(tenant, { states: ['ready'] })).toBe(true);
    expect(hasTenantState.apply(tenant, { states: ['failed'] })).toBe(false);
    expect(hasTenantState.toQuery({ states: ['failed'] })).toEqual({
      field: 'state',
      values: ['failed'],
    });
  });

  it('exports condition factories for policies', () => {
    expect(
      tenantConditions.isTenantAdmin({ claims: ['group:default/acme-admins'] }),
    ).toEqual({
      rule: 'IS_TENANT_ADMIN',
      resourceType: 'tenant',
      params: { claims: ['group:default/acme-admins'] },
    });
  });
});
