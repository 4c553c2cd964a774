import { z } from 'zod';
import {
  adminEmailSchema,
  allowedCidrsSchema,
  descriptionSchema,
} from './specFields';
import {
  hasNoControlCharacters,
  hasNoForbiddenNameCharacters,
  hasOnlyVisibleCharacters,
  isHostNameOrIpAddress,
  TENANT_NAME_FORBIDDEN_CHARACTERS,
} from './text';

/**
 * Every Kubernetes name derived from a slug (namespace `tenant-<slug>`, host
 * `<slug>.<base domain>`, group `<slug>-admins`, ...) must stay a valid DNS
 * label of at most 63 characters; 40 leaves room for the longest suffix.
 *
 * @public
 */
export const SLUG_MAX_LENGTH = 40;

/**
 * Slugs no tenant may have: `platform` would make the tenant's admins group
 * `platform-admins`, the platform admins' own group.
 *
 * @public
 */
export const RESERVED_SLUGS: readonly string[] = ['platform'];

/** @public */
export const SLUG_FORMAT_MESSAGE =
  'Slug must start with a lowercase letter and contain only lowercase letters and digits';

/** @public */
export const slugSchema = z
  .string()
  .min(3, 'Slug must be at least 3 characters')
  .max(SLUG_MAX_LENGTH, `Slug must be at most ${SLUG_MAX_LENGTH} characters`)
  .regex(/^[a-z][a-z0-9]*$/, SLUG_FORMAT_MESSAGE)
  .refine(slug => !RESERVED_SLUGS.includes(slug), {
    error: issue => `Slug '${issue.input}' is reserved`,
  });

/** Suggests a slug from a tenant name: `Acme Corp (EU)` becomes `acmecorpeu`. @public */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^\d+/, '');
  return slug.slice(0, SLUG_MAX_LENGTH);
}

/** @public */
export const BILLING_TIERS = ['starter', 'professional', 'enterprise'] as const;
/** @public */
export const CLOUD_PROVIDERS = ['azure', 'aws', 'gcp'] as const;
/** @public */
export const RESOURCE_TIERS = ['small', 'medium', 'large'] as const;
/** @public */
export const DATA_SOURCE_TYPES = [
  'postgresql',
  'mysql',
  'snowflake',
  'bigquery',
] as const;
/** @public */
export const TLS_MODES = [
  'disable',
  'require',
  'verify-ca',
  'verify-full',
] as const;
/** @public */
export const AUTH_METHODS = ['oidc', 'saml', 'local'] as const;
/** @public */
export const MFA_POLICIES = [
  'required-all',
  'required-admins',
  'optional',
] as const;

/** The platform modules of the Service Selection step, with the specification's defaults. @public */
export const PLATFORM_MODULES = [
  {
    id: 'core',
    title: 'Core (AI + Agents)',
    defaultEnabled: true,
    description: 'Conversational analytics engine',
  },
  {
    id: 'bi',
    title: 'BI Platform',
    defaultEnabled: true,
    description: 'Dashboards, visualization, reporting',
  },
  {
    id: 'ml',
    title: 'ML Platform',
    defaultEnabled: false,
    description: 'Model training and serving',
  },
  {
    id: 'dataPlatform',
    title: 'Data Platform',
    defaultEnabled: false,
    description: 'Pipeline and catalog management',
  },
  {
    id: 'contextGraph',
    title: 'Context Graph',
    defaultEnabled: true,
    description: 'Knowledge graph integration',
  },
] as const;

/**
 * A data source connection of the Data Sources step. The password is never
 * part of the spec: `passwordSecret` names the scaffolder secret holding it.
 *
 * @public
 */
export const dataSourceSchema = z
  .object({
    name: z
      .string()
      .min(1, 'Data source name is required')
      .max(63)
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'Data source name must be lowercase letters, digits and dashes',
      ),
    type: z.enum(DATA_SOURCE_TYPES),
    host: z
      .string()
      .min(1, 'Host is required')
      .max(253)
      .refine(
        host => host === '' || isHostNameOrIpAddress(host),
        'Host must be a host name or an IP address, e.g. db.example.com or 10.0.0.5',
      ),
    port: z.number().int().min(1).max(65535),
    database: z
      .string()
      .min(1, 'Database is required')
      .max(128)
      .refine(
        hasNoControlCharacters,
        'Database must not contain control characters',
      ),
    user: z
      .string()
      .min(1, 'User is required')
      .max(128)
      .refine(
        hasNoControlCharacters,
        'User must not contain control characters',
      ),
    passwordSecret: z.string().min(1).max(128).optional(),
    tlsMode: z.enum(TLS_MODES).default('require'),
  })
  .strict();

/** @public */
export const tenantSpecSchema = z
  .object({
    details: z
      .object({
        name: z
          .string()
          .trim()
          .min(3, 'Tenant name must be at least 3 characters')
          .max(100, 'Tenant name must be at most 100 characters')
          .refine(
            hasOnlyVisibleCharacters,
            'Tenant name must not contain control or invisible characters (line breaks, zero-width spaces, text direction overrides)',
          )
          .refine(
            hasNoForbiddenNameCharacters,
            `Tenant name must not contain any of ${TENANT_NAME_FORBIDDEN_CHARACTERS.join(
              ' ',
            )}`,
          ),
        slug: slugSchema,
        description: descriptionSchema.optional(),
        billingTier: z.enum(BILLING_TIERS),
        adminEmail: adminEmailSchema,
      })
      .strict(),
    infrastructure: z
      .object({
        cloudProvider: z.enum(CLOUD_PROVIDERS).default('azure'),
        region: z.string().min(1).max(64).default('nearest'),
        resourceTier: z.enum(RESOURCE_TIERS).default('medium'),
        dedicatedCompute: z.boolean().default(false),
        gpuEnabled: z.boolean().default(false),
      })
      .strict(),
    dataSources: z.array(dataSourceSchema).max(20).default([]),
    modules: z
      .object({
        core: z.boolean().default(true),
        bi: z.boolean().default(true),
        ml: z.boolean().default(false),
        dataPlatform: z.boolean().default(false),
        contextGraph: z.boolean().default(true),
      })
      .strict(),
    security: z
      .object({
        authMethod: z.enum(AUTH_METHODS),
        mfaPolicy: z.enum(MFA_POLICIES),
        allowedCidrs: allowedCidrsSchema.default([]),
      })
      .strict(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const names = spec.dataSources.map(d => d.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['dataSources', index, 'name'],
          message: `Data source name '${name}' is used twice`,
        });
      }
    });
  });

/** A validated tenant specification: what the wizard's steps 1 to 5 describe. @public */
export type TenantSpec = z.infer<typeof tenantSpecSchema>;
/** @public */
export type TenantSpecInput = z.input<typeof tenantSpecSchema>;
