import { ConfigReader } from '@backstage/config';
import { TenantGroups } from './TenantGroups';

const fromConfig = (permissions: object) =>
  TenantGroups.fromConfig(new ConfigReader({ tenants: { permissions } }));

describe('TenantGroups', () => {
  it('keeps the built-in groups when nothing is configured', () => {
    const groups = TenantGroups.fromConfig(new ConfigReader({}));
    expect(groups.platformAdminGroups).toEqual([
      'group:default/platform-admins',
    ]);
    expect(groups.tenantAdminGroupOf('acme')).toEqual({
      kind: 'Group',
      namespace: 'default',
      name: 'acme-admins',
    });
    expect(groups.tenantAdminGroupRefOf('acme')).toBe(
      'group:default/acme-admins',
    );
    expect(groups.isPlatformAdmin(['Group:default/Platform-Admins'])).toBe(
      true,
    );
    expect(groups.isPlatformAdmin(['group:default/acme-admins'])).toBe(false);
  });

  it('tells the tenant of an admins group ref, case-insensitively', () => {
    const groups = TenantGroups.defaults;
    expect(groups.slugOfTenantAdminGroupRef('group:default/acme-admins')).toBe(
      'acme',
    );
    expect(groups.slugOfTenantAdminGroupRef('Group:default/Acme2-admins')).toBe(
      'acme2',
    );
    for (const ref of [
      'group:default/platform-admins', // reserved slug
      'group:other/acme-admins',
      'user:default/acme-admins',
      'group:default/-admins',
      'group:default/acme-team',
      'not a ref:/',
    ]) {
      expect(groups.slugOfTenantAdminGroupRef(ref)).toBeUndefined();
    }
  });

  it("reads the portal's own groups and naming", () => {
    const groups = fromConfig({
      platformAdminGroups: ['group:ops/Cloud-Team', 'platform-owners'],
      tenantAdminGroup: 'group:tenants/tenant-{slug}-owners',
    });
    expect(groups.platformAdminGroups).toEqual([
      'group:ops/cloud-team',
      'group:default/platform-owners',
    ]);
    expect(groups.isPlatformAdmin(['group:default/platform-admins'])).toBe(
      false,
    );
    expect(groups.isPlatformAdmin(['group:ops/cloud-team'])).toBe(true);
    expect(groups.tenantAdminGroupOf('acme')).toEqual({
      kind: 'Group',
      namespace: 'tenants',
      name: 'tenant-acme-owners',
    });
    expect(
      groups.slugOfTenantAdminGroupRef('group:tenants/tenant-acme-owners'),
    ).toBe('acme');
    expect(
      groups.slugOfTenantAdminGroupRef('group:default/acme-admins'),
    ).toBeUndefined();
    expect(fromConfig({ tenantAdminGroup: '{slug}-admins' })).toEqual(
      TenantGroups.defaults,
    );
  });

  it.each([
    [
      { platformAdminGroups: ['group:default/'] },
      "Invalid config 'tenants.permissions.platformAdminGroups[0]': 'group:default/' is not an entity ref",
    ],
    [
      { platformAdminGroups: ['group:default/ok', 'user:default/alice'] },
      "Invalid config 'tenants.permissions.platformAdminGroups[1]': 'user:default/alice' is a user, not a group",
    ],
    [
      { tenantAdminGroup: 'component:default/{slug}-admins' },
      "Invalid config 'tenants.permissions.tenantAdminGroup': 'component:default/{slug}-admins' is a component, not a group",
    ],
    [
      { tenantAdminGroup: 'group:default/admins' },
      "Invalid config 'tenants.permissions.tenantAdminGroup': 'group:default/admins' must contain '{slug}' once, in the group name",
    ],
    [
      { tenantAdminGroup: 'group:{slug}/admins' },
      "Invalid config 'tenants.permissions.tenantAdminGroup': 'group:{slug}/admins' must contain '{slug}' once, in the group name",
    ],
  ])('rejects a malformed group reference: %j', (permissions, message) => {
    expect(() => fromConfig(permissions)).toThrow(message);
  });
});
