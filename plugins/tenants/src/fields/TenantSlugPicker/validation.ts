import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { slugSchema } from '@tenant-platform/backstage-plugin-tenants-common';
import { SlugAvailability, tenantsApiRef } from '../../api/TenantsApi';

/** The problem with a slug's format, or undefined when it is well formed. */
export function slugFormatProblem(slug: string): string | undefined {
  const result = slugSchema.safeParse(slug);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** The message for a slug that is not available. */
export function slugTakenMessage(availability: SlugAvailability): string {
  return availability.reason
    ? `Slug '${availability.slug}' is not available: ${availability.reason}`
    : `Slug '${availability.slug}' is already used by a tenant or a provisioning run in progress`;
}

/**
 * Checks the slug's format, then asks the Tenant Service whether it is free.
 * When the service cannot be reached the form lets the slug pass: the
 * Tenant Service enforces uniqueness again when the run registers the tenant.
 */
export const tenantSlugValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  const result = slugSchema.safeParse(value ?? '');
  if (!result.success) {
    for (const issue of result.error.issues) {
      validation.addError(issue.message);
    }
    return;
  }
  const tenantsApi = context.apiHolder.get(tenantsApiRef);
  if (!tenantsApi) {
    return;
  }
  let availability: SlugAvailability;
  try {
    availability = await tenantsApi.checkSlug(result.data);
  } catch {
    return;
  }
  if (!availability.available) {
    validation.addError(slugTakenMessage(availability));
  }
};
