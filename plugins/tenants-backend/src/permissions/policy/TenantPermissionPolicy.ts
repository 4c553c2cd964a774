import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { TenantGroups } from '../TenantGroups';
import { createTenantPolicyDecision } from './createTenantPolicyDecision';

/**
 * The tenant platform's permission policy, for portals without a policy of
 * their own: platform admins may do everything, others what
 * {@link createTenantPolicyDecision} allows them, and everything that is not
 * about tenants.
 *
 * @public
 */
export class TenantPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      groups?: TenantGroups;
      /** The user's current ownership refs; default: those of the token. */
      claimsOf?: (user: PolicyQueryUser | undefined) => Promise<string[]>;
    } = {},
  ) {}

  /** Decides with the user's current claims (see the class description). */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const groups = this.options.groups ?? TenantGroups.defaults;
    const claims = this.options.claimsOf
      ? await this.options.claimsOf(user)
      : user?.info.ownershipEntityRefs ?? [];
    if (groups.isPlatformAdmin(claims)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return (
      createTenantPolicyDecision(request, user, { claims, groups }) ?? {
        result: AuthorizeResult.ALLOW,
      }
    );
  }
}
