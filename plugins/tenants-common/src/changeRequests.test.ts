import {
  applyTenantChanges,
  changedFields,
  changesSpec,
  createChangeRequestSchema,
  describeChanges,
  diffTenantSpecs,
  effectiveChanges,
} from './changeRequests';
import { tenantSpecSchema } from './spec';

const spec = tenantSpecSchema.parse({
  details: {
    name: 'Acme',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: {},
  modules: {},
  security: { authMethod: 'oidc', mfaPolicy: 'optional' },
});

describe('change requests', () => {
  it('keeps only the changes that differ from the spec', () => {
    expect(
      effectiveChanges(spec, {
        resourceTier: 'medium',
        modules: { core: true, bi: false, ml: true },
      }),
    ).toEqual({
      changes: { modules: { bi: false, ml: true } },
      diff: [
        { field: 'modules.bi', from: true, to: false },
        { field: 'modules.ml', from: false, to: true },
      ],
    });
    expect(effectiveChanges(spec, { resourceTier: 'medium' })).toEqual({
      changes: {},
      diff: [],
    });
  });

  it('applies changes to a spec without touching the rest', () => {
    const changed = applyTenantChanges(spec, {
      resourceTier: 'large',
      modules: { bi: false },
    });
    expect(changed.infrastructure).toEqual({
      ...spec.infrastructure,
      resourceTier: 'large',
    });
    expect(changed.modules).toEqual({ ...spec.modules, bi: false });
    expect(changed.details).toBe(spec.details);
    expect(spec.infrastructure.resourceTier).toBe('medium');
  });

  it('names the changed fields and describes the diff', () => {
    const { changes, diff } = effectiveChanges(spec, {
      resourceTier: 'large',
      modules: { bi: false, dataPlatform: true },
    });
    expect(changedFields(changes)).toEqual([
      'infrastructure.resourceTier',
      'modules.bi',
      'modules.dataPlatform',
    ]);
    expect(describeChanges(diff)).toBe(
      'resource tier medium → large, disable BI Platform, enable Data Platform',
    );
  });

  it('requires a change and a reason', () => {
    const result = createChangeRequestSchema.safeParse({
      changes: { modules: {} },
      reason: ' ',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(i => i.message)).toEqual([
      'Name at least one change: a field such as resourceTier, a module, repair or platformVersion',
      'A reason is required',
    ]);
  });

  it('keeps a repair, which changes no spec field', () => {
    const { changes, diff } = effectiveChanges(spec, { repair: true });
    expect(changes).toEqual({ repair: true });
    expect(diff).toEqual([{ field: 'repair', from: false, to: true }]);
    expect(changesSpec(diff)).toBe(false);
    expect(changedFields(changes)).toEqual(['repair']);
    expect(describeChanges(diff)).toBe('repair drifted objects');
    expect(applyTenantChanges(spec, changes)).toEqual(spec);

    const both = effectiveChanges(spec, {
      resourceTier: 'large',
      repair: true,
    });
    expect(changesSpec(both.diff)).toBe(true);
    expect(describeChanges(both.diff)).toBe(
      'resource tier medium → large, repair drifted objects',
    );
  });

  it('refuses a repair that is not true', () => {
    const result = createChangeRequestSchema.safeParse({
      changes: { repair: false },
      reason: 'fix it',
    });
    expect(result.error?.issues.map(i => i.message)).toContain(
      'repair must be true (leave it out to change fields only)',
    );
  });
});

describe('change requests of every changeable field', () => {
  it('diffs, applies and describes security, details and compute fields', () => {
    const specWithDescription = {
      ...spec,
      details: { ...spec.details, description: 'Old text' },
    };
    const { changes, diff } = effectiveChanges(specWithDescription, {
      allowedCidrs: ['10.20.0.0/16', '192.0.2.0/24'],
      mfaPolicy: 'required-all',
      authMethod: 'oidc',
      billingTier: 'enterprise',
      gpuEnabled: true,
      description: '',
      adminEmail: 'ops@acme.example',
    });
    expect(changes).toEqual({
      allowedCidrs: ['10.20.0.0/16', '192.0.2.0/24'],
      mfaPolicy: 'required-all',
      billingTier: 'enterprise',
      gpuEnabled: true,
      description: '',
      adminEmail: 'ops@acme.example',
    });
    expect(diff).toEqual([
      { field: 'infrastructure.gpuEnabled', from: false, to: true },
      {
        field: 'details.billingTier',
        from: 'professional',
        to: 'enterprise',
      },
      { field: 'details.description', from: 'Old text', to: '' },
      {
        field: 'details.adminEmail',
        from: 'admin@acme.example',
        to: 'ops@acme.example',
      },
      { field: 'security.mfaPolicy', from: 'optional', to: 'required-all' },
      {
        field: 'security.allowedCidrs',
        from: [],
        to: ['10.20.0.0/16', '192.0.2.0/24'],
      },
    ]);
    expect(describeChanges(diff)).toBe(
      'enable GPU, billing tier professional → enterprise, remove the description, admin email admin@acme.example → ops@acme.example, MFA policy optional → required-all, allowed IP ranges none → 10.20.0.0/16, 192.0.2.0/24',
    );
    expect(changedFields(changes)).toEqual([
      'infrastructure.gpuEnabled',
      'details.billingTier',
      'details.description',
      'details.adminEmail',
      'security.mfaPolicy',
      'security.allowedCidrs',
    ]);

    const target = applyTenantChanges(specWithDescription, changes);
    expect(target.details).toEqual({
      ...spec.details,
      billingTier: 'enterprise',
      adminEmail: 'ops@acme.example',
    });
    expect(target.security).toEqual({
      authMethod: 'oidc',
      mfaPolicy: 'required-all',
      allowedCidrs: ['10.20.0.0/16', '192.0.2.0/24'],
    });
    expect(target.infrastructure.gpuEnabled).toBe(true);
    expect(tenantSpecSchema.parse(target)).toEqual(target);
  });

  it('compares allowed ranges as lists and keeps the same ones out', () => {
    const withRanges = applyTenantChanges(spec, {
      allowedCidrs: ['10.0.0.0/8'],
    });
    expect(
      effectiveChanges(withRanges, { allowedCidrs: ['10.0.0.0/8'] }).diff,
    ).toEqual([]);
    expect(
      describeChanges(effectiveChanges(withRanges, { allowedCidrs: [] }).diff),
    ).toBe('allowed IP ranges 10.0.0.0/8 → none');
  });

  it('refuses the slug, cloud provider and region with the reason, and bad values with the field’s rule', () => {
    const result = createChangeRequestSchema.safeParse({
      changes: {
        slug: 'other',
        cloudProvider: 'aws',
        region: 'eu-west-1',
        allowedCidrs: ['10.0.0.0/33'],
        adminEmail: 'not an email',
        mfaPolicy: 'sometimes',
      },
      reason: 'Move',
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(
      result.error!.issues.map(i => [i.path.join('.'), i.message]),
    );
    expect(byField['changes.slug']).toMatch(/^The slug cannot change: /);
    expect(byField['changes.cloudProvider']).toMatch(
      /^The cloud provider cannot change in place: /,
    );
    expect(byField['changes.region']).toMatch(
      /^The region cannot change in place: /,
    );
    expect(byField['changes.allowedCidrs.0']).toBeDefined();
    expect(byField['changes.adminEmail']).toBe(
      'Admin email must be a valid email address',
    );
    expect(byField['changes.mfaPolicy']).toBe(
      'MFA policy must be one of required-all, required-admins, optional',
    );
  });
});

describe('diffTenantSpecs', () => {
  it('lists the changeable fields and modules two specs differ in', () => {
    const next = applyTenantChanges(spec, {
      allowedCidrs: ['10.0.0.0/8'],
      modules: { ml: true },
    });
    expect(describeChanges(diffTenantSpecs(spec, next))).toBe(
      'allowed IP ranges none → 10.0.0.0/8, enable ML Platform',
    );
    expect(diffTenantSpecs(next, next)).toEqual([]);
  });
});
