import type { Config } from '@backstage/config';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { RESERVED_SLUGS } from '@tenant-platform/backstage-plugin-tenants-common';

const PLATFORM_ADMIN_GROUPS_KEY = 'tenants.permissions.platformAdminGroups';
const TENANT_ADMIN_GROUP_KEY = 'tenants.permissions.tenantAdminGroup';
const SLUG = '{slug}';
const SLUG_PATTERN = /^[a-z][a-z0-9]*$/;

/**
 * The catalog groups the tenant platform grants rights to: the platform
 * admins' groups and each tenant's admins group, named by a pattern.
 *
 * Read from `tenants.permissions` (defaults: `group:default/platform-admins`
 * and `group:default/{slug}-admins`). Entity refs compare case-insensitively.
 *
 * @public
 */
export class TenantGroups {
  /** The built-in groups, used when nothing is configured. */
  static readonly defaults = new TenantGroups({
    platformAdminGroups: ['group:default/platform-admins'],
    tenantAdminGroup: 'group:default/{slug}-admins',
  });

  /**
   * Reads `tenants.permissions.platformAdminGroups` and
   * `tenants.permissions.tenantAdminGroup`; throws one error naming the key
   * when a value is not a group entity ref (pattern).
   */
  static fromConfig(config: Config): TenantGroups {
    const platformAdminGroups =
      config.getOptionalStringArray(PLATFORM_ADMIN_GROUPS_KEY) ??
      TenantGroups.defaults.platformAdminGroups;
    platformAdminGroups.forEach((ref, index) =>
      parseGroupRef(ref, `${PLATFORM_ADMIN_GROUPS_KEY}[${index}]`),
    );
    const tenantAdminGroup =
      config.getOptionalString(TENANT_ADMIN_GROUP_KEY) ??
      TenantGroups.defaults.tenantAdminGroup;
    return new TenantGroups({ platformAdminGroups, tenantAdminGroup });
  }

  /** The platform admins' group refs, in their canonical (lower-case) form. */
  readonly platformAdminGroups: string[];
  /** The tenant admins group pattern, in full, e.g. `group:default/{slug}-admins`. */
  readonly tenantAdminGroup: string;
  private readonly pattern: {
    namespace: string;
    prefix: string;
    suffix: string;
  };

  constructor(options: {
    platformAdminGroups: string[];
    tenantAdminGroup: string;
  }) {
    this.platformAdminGroups = options.platformAdminGroups.map(ref =>
      stringifyEntityRef(parseGroupRef(ref, PLATFORM_ADMIN_GROUPS_KEY)),
    );
    this.pattern = parseTenantAdminGroupPattern(options.tenantAdminGroup);
    const { namespace, prefix, suffix } = this.pattern;
    this.tenantAdminGroup = `group:${namespace}/${prefix}${SLUG}${suffix}`;
  }

  /** Whether one of the claims (ownership entity refs) is a platform admins group. */
  isPlatformAdmin(claims: readonly string[]): boolean {
    return claims.some(claim =>
      this.platformAdminGroups.includes(claim.toLowerCase()),
    );
  }

  /** The admins group of a tenant, e.g. `{ kind: 'Group', namespace: 'default', name: 'acme-admins' }`. */
  tenantAdminGroupOf(slug: string): CompoundEntityRef {
    const { namespace, prefix, suffix } = this.pattern;
    return { kind: 'Group', namespace, name: `${prefix}${slug}${suffix}` };
  }

  /** The canonical entity ref of a tenant's admins group, e.g. `group:default/acme-admins`. */
  tenantAdminGroupRefOf(slug: string): string {
    return stringifyEntityRef(this.tenantAdminGroupOf(slug));
  }

  /** The tenant slug of a tenant admins group ref, or undefined when the ref is not one. */
  slugOfTenantAdminGroupRef(ref: string): string | undefined {
    let parsed: CompoundEntityRef;
    try {
      parsed = parseEntityRef(ref.toLowerCase());
    } catch {
      return undefined;
    }
    const { namespace, prefix, suffix } = this.pattern;
    const { name } = parsed;
    if (
      parsed.kind !== 'group' ||
      parsed.namespace !== namespace ||
      name.length <= prefix.length + suffix.length ||
      !name.startsWith(prefix) ||
      !name.endsWith(suffix)
    ) {
      return undefined;
    }
    const slug = name.slice(prefix.length, name.length - suffix.length);
    return SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.includes(slug)
      ? slug
      : undefined;
  }
}

function parseGroupRef(
  ref: string,
  key: string,
  shown: string = ref,
): CompoundEntityRef {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new Error(
      `Invalid config '${key}': '${shown}' is not an entity ref (${
        (error as Error).message
      })`,
    );
  }
  if (parsed.kind.toLowerCase() !== 'group') {
    throw new Error(
      `Invalid config '${key}': '${shown}' is a ${parsed.kind}, not a group`,
    );
  }
  return {
    kind: 'group',
    namespace: parsed.namespace.toLowerCase(),
    name: parsed.name.toLowerCase(),
  };
}

function parseTenantAdminGroupPattern(pattern: string) {
  const { namespace } = parseGroupRef(
    pattern.split(SLUG).join('slug'),
    TENANT_ADMIN_GROUP_KEY,
    pattern,
  );
  // Names contain neither ':' nor '/': the name is what follows the last one.
  const name = pattern.slice(
    Math.max(pattern.lastIndexOf(':'), pattern.lastIndexOf('/')) + 1,
  );
  const parts = name.toLowerCase().split(SLUG);
  if (parts.length !== 2 || pattern.split(SLUG).length !== 2) {
    throw new Error(
      `Invalid config '${TENANT_ADMIN_GROUP_KEY}': '${pattern}' must contain '${SLUG}' once, in the group name (e.g. 'group:default/${SLUG}-admins')`,
    );
  }
  return { namespace, prefix: parts[0], suffix: parts[1] };
}
