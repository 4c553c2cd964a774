import { buildTenant } from '../../__testUtils__/tenants';
import {
  changesOf,
  decisionBlocker,
  diffLine,
  formValuesOf,
  shortRef,
  valueLabel,
} from './presentation';

const spec = buildTenant().spec;

describe('change request presentation', () => {
  it('asks only for what differs from the spec', () => {
    const values = formValuesOf(spec);
    expect(changesOf(spec, values)).toBeUndefined();
    expect(
      changesOf(spec, {
        resourceTier: 'medium',
        modules: { ...values.modules, bi: false, ml: true },
      }),
    ).toEqual({ resourceTier: 'medium', modules: { bi: false, ml: true } });
    expect(
      changesOf(spec, { ...values, modules: { ...values.modules, ml: true } }),
    ).toEqual({ modules: { ml: true } });
  });

  it('describes diff entries as the wizard names them', () => {
    expect(
      diffLine({
        field: 'infrastructure.resourceTier',
        from: 'medium',
        to: 'large',
      }),
    ).toBe('Resource tier: Medium → Large');
    expect(diffLine({ field: 'modules.bi', from: true, to: false })).toBe(
      'BI Platform: enabled → disabled',
    );
    expect(diffLine({ field: 'repair', from: false, to: true })).toBe(
      'Repair drifted objects',
    );
    expect(valueLabel('repair', true)).toBe('Yes');
    expect(valueLabel('modules.bi', false)).toBe('Disabled');
    expect(valueLabel('infrastructure.resourceTier', 'large')).toBe('Large');
  });

  it('never lets requesters decide their own requests', () => {
    const request = {
      status: 'pending' as const,
      requestedBy: 'user:default/Platform-Admin',
    };
    expect(
      decisionBlocker(request, {
        canApprove: true,
        userEntityRef: 'user:default/platform-admin',
      }),
    ).toMatch(/^You filed this request yourself/);
    expect(
      decisionBlocker(request, {
        canApprove: true,
        userEntityRef: 'user:default/other-admin',
      }),
    ).toBeUndefined();
    expect(
      decisionBlocker(request, {
        canApprove: false,
        userEntityRef: 'user:default/x',
      }),
    ).toBe('Only platform admins approve change requests');
    expect(
      decisionBlocker(
        { ...request, status: 'applied' },
        { canApprove: true, userEntityRef: 'user:default/x' },
      ),
    ).toBe('Only pending requests are decided');
  });

  it('shortens entity refs of the default namespace', () => {
    expect(shortRef('user:default/tenant-admin')).toBe('tenant-admin');
    expect(shortRef('user:ops/jane')).toBe('ops/jane');
  });
});
