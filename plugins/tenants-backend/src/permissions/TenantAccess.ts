import { Request } from 'express';
import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  TENANT_RESOURCE_TYPE,
  tenantReadPermission,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantAccessFilter } from '../database/tenantFilter';
import { TenantQuery } from './resourceRef';

/**
 * Authorization of Tenant Service requests through the permission framework.
 *
 * Tenants a caller may not read are reported as unknown (404, the message of
 * an unknown id) so that their existence does not leak; a readable tenant and
 * a forbidden action is a 403.
 */
export class TenantAccess {
  private readonly authorizeConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    tenant: Tenant,
  ) => boolean;
  private readonly toQuery: ConditionTransformer<TenantQuery>;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      httpAuth: HttpAuthService;
      auth: AuthService;
      ruleset: PermissionRuleset<Tenant, TenantQuery, 'tenant'>;
    },
  ) {
    this.authorizeConditions = createConditionAuthorizer(options.ruleset);
    this.toQuery = createConditionTransformer(options.ruleset);
  }

  /** The caller's credentials: a user or a service (401 otherwise). */
  credentials(req: Request): Promise<BackstageCredentials> {
    return this.options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
  }

  /** The user entity ref of users, the principal subject of services: the audit actor. */
  actorOf(credentials: BackstageCredentials): string {
    const { auth } = this.options;
    if (auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return 'unknown';
  }

  private isService(credentials: BackstageCredentials): boolean {
    return this.options.auth.isPrincipal(credentials, 'service');
  }

  /**
   * Requires a basic permission (403 otherwise). With `allowServices`, service
   * principals pass without a check: the scaffolder acts for a platform admin
   * who was authorized to run the template.
   */
  async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    options?: { allowServices?: boolean },
  ): Promise<void> {
    if (options?.allowServices && this.isService(credentials)) {
      return;
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${describePermission(permission.name)}`,
      );
    }
  }

  /** Which tenants the caller may read, for list queries. */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<TenantAccessFilter> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: tenantReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return { type: 'criteria', criteria: this.toQuery(decision.conditions) };
    }
    return decision.result === AuthorizeResult.ALLOW
      ? { type: 'all' }
      : { type: 'none' };
  }

  /**
   * Requires `tenant.read` on the tenant (404 otherwise, as if it did not
   * exist) and, when given, another tenant permission (403 otherwise).
   * Conditional decisions are applied to the loaded tenant.
   */
  async authorizeTenant(
    credentials: BackstageCredentials,
    tenant: Tenant,
    permission?: ResourcePermission<typeof TENANT_RESOURCE_TYPE>,
    options?: { allowServices?: boolean },
  ): Promise<void> {
    if (options?.allowServices && this.isService(credentials)) {
      return;
    }
    const permissions = [tenantReadPermission];
    if (permission && permission.name !== tenantReadPermission.name) {
      permissions.push(permission);
    }
    const decisions = await this.options.permissions.authorizeConditional(
      permissions.map(p => ({ permission: p })),
      { credentials },
    );
    if (!this.authorizeConditions(decisions[0], tenant)) {
      throw new NotFoundError(`No tenant with id '${tenant.id}'`);
    }
    if (decisions[1] && !this.authorizeConditions(decisions[1], tenant)) {
      throw new NotAllowedError(
        `You are not allowed to ${describePermission(
          permissions[1].name,
        )} of tenant '${tenant.slug}'`,
      );
    }
  }
}

const DESCRIPTIONS: Record<string, string> = {
  'tenant.create': 'register tenants',
  'tenant.read': 'read tenants',
  'tenant.manage': 'manage the provisioning',
  'tenant.change-request.create': 'file change requests',
  'tenant.change-request.approve': 'approve or reject change requests',
  'tenant.repair': 'repair tenants',
  'tenant.rollout': 'read or run platform rollouts',
};

function describePermission(permissionName: string): string {
  return DESCRIPTIONS[permissionName] ?? `use '${permissionName}'`;
}
