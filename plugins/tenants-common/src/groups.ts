import { RESERVED_SLUGS } from './spec';

/** Entity ref of the group whose members are platform admins. @public */
export const PLATFORM_ADMINS_GROUP_REF = 'group:default/platform-admins';

/** Name of the catalog group of a tenant's admins: `<slug>-admins`. @public */
export function tenantAdminsGroupName(slug: string): string {
  return `${slug}-admins`;
}

/** Entity ref of the catalog group of a tenant's admins: `group:default/<slug>-admins`. @public */
export function tenantAdminsGroupRef(slug: string): string {
  return `group:default/${tenantAdminsGroupName(slug)}`;
}

/**
 * The tenant slug of a tenant admins group ref (`group:default/<slug>-admins`),
 * or undefined when the ref is not one. Case-insensitive, as entity refs are.
 *
 * @public
 */
export function slugOfTenantAdminsGroupRef(ref: string): string | undefined {
  const slug = /^group:default\/([a-z][a-z0-9]*)-admins$/.exec(
    ref.toLowerCase(),
  )?.[1];
  return slug && !RESERVED_SLUGS.includes(slug) ? slug : undefined;
}
