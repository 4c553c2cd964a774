import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  taskCreatePermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  tenantChangeRequestApprovePermission,
  tenantChangeRequestCreatePermission,
  tenantCreatePermission,
  tenantManagePermission,
  tenantRepairPermission,
  tenantRolloutPermission,
  tenantReadPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantPermissionPolicy } from './TenantPermissionPolicy';
import { tenantAdminDecision } from '../../__testUtils__/decisions';

const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const catalogEntityCreatePermission = createPermission({
  name: 'catalog.entity.create',
  attributes: { action: 'create' },
});

function userWith(
  userEntityRef: string,
  ownershipEntityRefs: string[],
): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...ownershipEntityRefs],
    },
  };
}

const platformAdmin = userWith('user:default/platform-admin', [
  'group:default/platform-admins',
]);
const tenantAdmin = userWith('user:default/tenant-admin', [
  'group:default/acme-admins',
]);
const engineer = userWith('user:default/engineer', ['group:default/team-a']);

describe('TenantPermissionPolicy', () => {
  const policy = new TenantPermissionPolicy();
  const decide = (permission: any, user?: PolicyQueryUser) =>
    policy.handle({ permission }, user);

  it('allows platform admins everything', async () => {
    for (const permission of [
      tenantCreatePermission,
      tenantReadPermission,
      tenantManagePermission,
      tenantChangeRequestCreatePermission,
      tenantChangeRequestApprovePermission,
      tenantRepairPermission,
      tenantRolloutPermission,
      taskCreatePermission,
      templateStepReadPermission,
      templateParameterReadPermission,
      catalogEntityReadPermission,
    ]) {
      await expect(decide(permission, platformAdmin)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it.each([
    ['tenant.read', tenantReadPermission],
    ['tenant.change-request.create', tenantChangeRequestCreatePermission],
  ])(
    'lets others %s only the tenants they administer',
    async (_, permission) => {
      const decision = (await decide(
        permission,
        tenantAdmin,
      )) as ConditionalPolicyDecision;
      expect(decision).toEqual(
        tenantAdminDecision([
          'user:default/tenant-admin',
          'group:default/acme-admins',
        ]),
      );
    },
  );

  it.each([
    ['tenant.create', tenantCreatePermission],
    ['tenant.manage', tenantManagePermission],
    ['tenant.change-request.approve', tenantChangeRequestApprovePermission],
    ['tenant.repair', tenantRepairPermission],
    ['tenant.rollout', tenantRolloutPermission],
    [
      'unknown tenant permissions',
      createPermission({ name: 'tenant.delete', attributes: {} }),
    ],
  ])('denies others %s', async (_, permission) => {
    for (const user of [tenantAdmin, engineer, undefined]) {
      await expect(decide(permission, user)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it.each([
    ['parameters', templateParameterReadPermission],
    ['steps', templateStepReadPermission],
  ])(
    'hides template %s tagged platform-admin from others',
    async (_, permission) => {
      await expect(decide(permission, engineer)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-template',
        conditions: {
          not: {
            rule: 'HAS_TAG',
            resourceType: 'scaffolder-template',
            params: { tag: 'platform-admin' },
          },
        },
      });
    },
  );

  it('hides platform-admin templates and tenants of others in the catalog', async () => {
    const decision = (await decide(
      catalogEntityReadPermission,
      tenantAdmin,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.conditions).toEqual({
      anyOf: [
        expect.objectContaining({
          rule: 'IS_ENTITY_OWNER',
          params: {
            claims: ['user:default/tenant-admin', 'group:default/acme-admins'],
          },
        }),
        {
          not: {
            anyOf: [
              {
                allOf: [
                  expect.objectContaining({
                    rule: 'IS_ENTITY_KIND',
                    params: { kinds: ['Template'] },
                  }),
                  expect.objectContaining({
                    rule: 'HAS_METADATA',
                    params: { key: 'tags', value: 'platform-admin' },
                  }),
                ],
              },
              {
                allOf: [
                  expect.objectContaining({
                    rule: 'IS_ENTITY_KIND',
                    params: { kinds: ['Resource'] },
                  }),
                  expect.objectContaining({
                    rule: 'HAS_SPEC',
                    params: { key: 'type', value: 'tenant' },
                  }),
                ],
              },
            ],
          },
        },
      ],
    });
  });

  it('allows others everything else', async () => {
    for (const permission of [
      taskCreatePermission,
      catalogEntityCreatePermission,
    ]) {
      await expect(decide(permission, engineer)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});
