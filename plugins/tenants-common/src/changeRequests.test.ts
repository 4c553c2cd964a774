import {
  applyTenantChanges,
  changedFields,
  changesSpec,
  createChangeRequestSchema,
  describeChanges,
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
      'Name at least one change: resourceTier, a module or repair',
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
