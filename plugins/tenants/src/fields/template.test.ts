import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  PLATFORM_MODULES,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TENANT_FIELDS } from './definitions';
import { MODULE_PARAMETERS, tenantSpecFromFormData } from './wizard';

/**
 * The provisioning template and the wizard fields must agree: field names,
 * the seed's pages and defaults, and the spec the validate step builds.
 */

const templatePath = path.resolve(
  __dirname,
  '../../../tenants-backend/templates/tenant-provisioning/template.yaml',
);
const template = parse(fs.readFileSync(templatePath, 'utf8'));
const pages: any[] = template.spec.parameters;
const properties: Record<string, any> = Object.assign(
  {},
  ...pages.map(page => page.properties),
);

const formData = {
  name: 'Acme Analytics',
  slug: 'acme',
  description: 'Analytics for Acme',
  billingTier: 'professional',
  adminEmail: 'admin@acme.example',
  cloudProvider: 'aws',
  region: 'eu-central-1',
  resourceTier: 'large',
  dedicatedCompute: true,
  gpuEnabled: false,
  dataSources: [
    {
      name: 'warehouse',
      type: 'mysql',
      host: 'db.acme.example',
      port: 3306,
      database: 'sales',
      user: 'reporting',
      tlsMode: 'verify-full',
      passwordSecret: 'dataSourcePassword_warehouse',
    },
  ],
  moduleCore: true,
  moduleBi: false,
  moduleMl: true,
  moduleDataPlatform: false,
  moduleContextGraph: true,
  authMethod: 'oidc',
  mfaPolicy: 'optional',
  allowedCidrs: ['203.0.113.0/24'],
  review: { status: 'passed', fingerprint: '0' },
};

/** Renders the template's `${{ parameters.x }}` expressions with form data. */
function render(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = value.match(/^\$\{\{\s*parameters\.(\w+)\s*\}\}$/);
    return match ? (formData as Record<string, unknown>)[match[1]] : value;
  }
  if (Array.isArray(value)) {
    return value.map(render);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, render(inner)]),
    );
  }
  return value;
}

describe('tenants-backend/templates/tenant-provisioning/template.yaml', () => {
  it("has the seed's steps 1 to 6 as pages, each for platform admins only", () => {
    expect(pages.map(page => page.title)).toEqual([
      'Tenant Details',
      'Infrastructure',
      'Data Sources',
      'Service Selection',
      'Security',
      'Review',
    ]);
    for (const page of pages) {
      expect(page['backstage:permissions']).toEqual({
        tags: ['platform-admin'],
      });
    }
    for (const step of template.spec.steps) {
      expect(step['backstage:permissions']).toEqual({
        tags: ['platform-admin'],
      });
    }
  });

  it('uses the wizard fields of the tenants plugin', () => {
    const uiFields = Object.fromEntries(
      Object.entries(properties)
        .filter(([, schema]) => schema['ui:field'])
        .map(([name, schema]) => [name, schema['ui:field']]),
    );
    expect(uiFields).toEqual({
      slug: TENANT_FIELDS['slug-picker'].name,
      region: TENANT_FIELDS['region-picker'].name,
      resourceTier: TENANT_FIELDS['policy-field'].name,
      dedicatedCompute: TENANT_FIELDS['policy-field'].name,
      gpuEnabled: TENANT_FIELDS['policy-field'].name,
      dataSources: TENANT_FIELDS['data-sources'].name,
      allowedCidrs: TENANT_FIELDS['cidr-list'].name,
      review: TENANT_FIELDS.review.name,
    });
    expect(
      ['resourceTier', 'dedicatedCompute', 'gpuEnabled'].map(
        name => properties[name]['ui:options'].feature,
      ),
    ).toEqual(['resourceTier', 'dedicatedCompute', 'gpu']);
  });

  it("keeps the seed's fields, limits and defaults", () => {
    expect(pages[0].required).toEqual([
      'name',
      'slug',
      'billingTier',
      'adminEmail',
    ]);
    expect(properties.name).toMatchObject({ minLength: 3, maxLength: 100 });
    expect(properties.slug).toMatchObject({
      maxLength: 40,
      pattern: '^[a-z][a-z0-9]*$',
    });
    expect(properties.description.maxLength).toBe(500);
    expect(properties.billingTier.enum).toEqual([
      'starter',
      'professional',
      'enterprise',
    ]);
    expect(properties.adminEmail.format).toBe('email');
    expect(properties.cloudProvider).toMatchObject({
      enum: ['azure', 'aws', 'gcp'],
      default: 'azure',
    });
    expect(properties.region.default).toBe('nearest');
    expect(properties.resourceTier.default).toBe('medium');
    expect(properties.dedicatedCompute.default).toBe(false);
    expect(properties.gpuEnabled.default).toBe(false);
    for (const module of PLATFORM_MODULES) {
      expect(properties[MODULE_PARAMETERS[module.id]]).toMatchObject({
        title: module.title,
        description: module.description,
        default: module.defaultEnabled,
      });
    }
    expect(properties.authMethod.enum).toEqual(['oidc', 'saml', 'local']);
    expect(pages[4].required).toEqual(['authMethod', 'mfaPolicy']);
    expect(properties.allowedCidrs.default).toEqual([]);
    expect(Object.keys(properties.dataSources.items.properties).sort()).toEqual(
      [
        'name',
        'type',
        'host',
        'port',
        'database',
        'user',
        'tlsMode',
        'passwordSecret',
      ].sort(),
    );
    expect(properties.dataSources.items.properties.type.enum).toEqual([
      'postgresql',
      'mysql',
      'snowflake',
      'bigquery',
    ]);
  });

  it('builds the same tenant spec in its validate step as the review and dry run', () => {
    const validate = template.spec.steps.find(
      (step: any) => step.id === 'validate',
    );
    const rendered = render(validate.input.spec);
    expect(rendered).toEqual(tenantSpecFromFormData(formData));
    expect(tenantSpecSchema.safeParse(rendered).success).toBe(true);
  });
});
