import {
  slugOfTenantAdminsGroupRef,
  tenantAdminsGroupName,
  tenantAdminsGroupRef,
} from './groups';

describe('tenant admins groups', () => {
  it('derives the group name and ref from the slug', () => {
    expect(tenantAdminsGroupName('acme')).toBe('acme-admins');
    expect(tenantAdminsGroupRef('acme')).toBe('group:default/acme-admins');
  });

  it('extracts the slug from a tenant admins group ref', () => {
    expect(slugOfTenantAdminsGroupRef('group:default/acme-admins')).toBe(
      'acme',
    );
    expect(slugOfTenantAdminsGroupRef('Group:default/Acme2-admins')).toBe(
      'acme2',
    );
    expect(
      slugOfTenantAdminsGroupRef('group:default/platform-admins'),
    ).toBeUndefined();
    expect(
      slugOfTenantAdminsGroupRef('group:other/acme-admins'),
    ).toBeUndefined();
    expect(
      slugOfTenantAdminsGroupRef('user:default/acme-admins'),
    ).toBeUndefined();
  });
});
