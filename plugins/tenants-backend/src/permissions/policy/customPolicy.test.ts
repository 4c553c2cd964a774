import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { templateStepReadPermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  tenantManagePermission,
  tenantReadPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { ConfigReader } from '@backstage/config';
// What a portal imports: the package's public entry point.
import { createTenantPolicyDecision, TenantGroups } from '../..';
import { tenantAdminDecision } from '../../__testUtils__/decisions';

/**
 * A portal's own policy: its own rules (here: nobody deletes components
 * outside the `catalog-admins` group), with the tenant platform's decisions
 * for whatever is about tenants and tenant templates.
 */
class PortalPolicy implements PermissionPolicy {
  constructor(
    private readonly groups: TenantGroups,
    /** The user's current groups, e.g. `CatalogMembership.claimsOf`. */
    private readonly claimsOf: (user?: PolicyQueryUser) => Promise<string[]>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = await this.claimsOf(user);
    const tenantDecision = createTenantPolicyDecision(request, user, {
      claims,
      groups: this.groups,
    });
    if (tenantDecision) {
      return tenantDecision;
    }
    if (request.permission.name === 'catalog.entity.delete') {
      return claims.includes('group:default/catalog-admins')
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const catalogEntityDeletePermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});

function userOf(userEntityRef: string): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef] },
  };
}

describe('a portal policy that calls the tenant helpers', () => {
  const groups = TenantGroups.fromConfig(
    new ConfigReader({
      tenants: {
        permissions: {
          platformAdminGroups: ['group:ops/cloud-team'],
          tenantAdminGroup: 'group:default/{slug}-owners',
        },
      },
    }),
  );
  const currentGroups: Record<string, string[]> = {
    'user:default/olga': ['group:ops/cloud-team'],
    'user:default/terry': ['group:default/acme-owners'],
    'user:default/cat': ['group:default/catalog-admins'],
  };
  const policy = new PortalPolicy(groups, async user =>
    user
      ? [
          user.info.userEntityRef,
          ...(currentGroups[user.info.userEntityRef] ?? []),
        ]
      : [],
  );
  const decide = (permission: any, user: string) =>
    policy.handle({ permission }, userOf(user));

  it("lets the portal's platform admins manage tenants, and no one else", async () => {
    await expect(
      decide(tenantManagePermission, 'user:default/olga'),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decide(tenantManagePermission, 'user:default/terry'),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets tenant admins read their tenants, by their current groups', async () => {
    await expect(
      decide(tenantReadPermission, 'user:default/terry'),
    ).resolves.toEqual(
      tenantAdminDecision(['user:default/terry', 'group:default/acme-owners']),
    );
  });

  it('hides platform-admin template steps from others', async () => {
    await expect(
      decide(templateStepReadPermission, 'user:default/terry'),
    ).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
    });
  });

  it('falls back to its own rules for the rest', async () => {
    await expect(
      decide(catalogEntityDeletePermission, 'user:default/cat'),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      decide(catalogEntityDeletePermission, 'user:default/olga'),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
