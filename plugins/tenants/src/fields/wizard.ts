import type { JsonObject, JsonValue } from '@backstage/types';
import {
  PLATFORM_MODULES,
  type TenantSpecInput,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** The template parameter of each platform module's switch. */
export const MODULE_PARAMETERS: Record<
  (typeof PLATFORM_MODULES)[number]['id'],
  string
> = {
  core: 'moduleCore',
  bi: 'moduleBi',
  ml: 'moduleMl',
  dataPlatform: 'moduleDataPlatform',
  contextGraph: 'moduleContextGraph',
};

function defined(entries: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(
    Object.entries(entries).filter(([, value]) => value !== undefined),
  ) as JsonObject;
}

/**
 * The tenant specification the template's `tenant:validate` step builds from
 * the wizard's parameters (see tenants-backend/templates/tenant-provisioning/template.yaml):
 * the review shows it and the dry run sends it. Unset parameters are left
 * out, so the Tenant Service fills in the same defaults as the validate step.
 */
export function tenantSpecFromFormData(
  formData: JsonObject | undefined,
): TenantSpecInput {
  const p = formData ?? {};
  return {
    details: defined({
      name: p.name,
      slug: p.slug,
      description: p.description,
      billingTier: p.billingTier,
      adminEmail: p.adminEmail,
    }),
    infrastructure: defined({
      cloudProvider: p.cloudProvider,
      region: p.region,
      resourceTier: p.resourceTier,
      dedicatedCompute: p.dedicatedCompute,
      gpuEnabled: p.gpuEnabled,
    }),
    dataSources: p.dataSources ?? [],
    modules: defined(
      Object.fromEntries(
        Object.entries(MODULE_PARAMETERS).map(([id, parameter]) => [
          id,
          p[parameter],
        ]),
      ),
    ),
    security: defined({
      authMethod: p.authMethod,
      mfaPolicy: p.mfaPolicy,
      allowedCidrs: p.allowedCidrs,
    }),
  } as TenantSpecInput;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        key =>
          `${JSON.stringify(key)}:${stableStringify(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A short fingerprint of a spec (FNV-1a over its canonical JSON), to tell
 * whether a dry run was made for the configuration the user now submits.
 */
export function specFingerprint(spec: unknown): string {
  const text = stableStringify(spec);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
