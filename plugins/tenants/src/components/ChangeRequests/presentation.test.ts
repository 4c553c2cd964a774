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
        ...values,
        resourceTier: 'medium',
        modules: { ...values.modules, bi: false, ml: true },
      }),
    ).toEqual({ resourceTier: 'medium', modules: { bi: false, ml: true } });
    expect(
      changesOf(spec, { ...values, modules: { ...values.modules, ml: true } }),
    ).toEqual({ modules: { ml: true } });
    expect(
      changesOf(spec, {
        ...values,
        allowedCidrs: ' 10.0.0.0/8,\n192.0.2.0/24 ',
        adminEmail: ' ops@acme.example ',
        mfaPolicy: 'optional',
      }),
    ).toEqual({
      adminEmail: 'ops@acme.example',
      mfaPolicy: 'optional',
      allowedCidrs: ['10.0.0.0/8', '192.0.2.0/24'],
    });
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
    expect(
      diffLine({ field: 'platformVersion', from: '1.0.0', to: '1.1.0' }),
    ).toBe('Platform version: 1.0.0 → 1.1.0');
    expect(diffLine({ field: 'platformVersion', from: '', to: '1.1.0' })).toBe(
      'Platform version: Unrecorded → 1.1.0',
    );
    expect(valueLabel('repair', true)).toBe('Yes');
    expect(valueLabel('modules.bi', false)).toBe('Disabled');
    expect(valueLabel('infrastructure.resourceTier', 'large')).toBe('Large');
    expect(valueLabel('security.authMethod', 'saml')).toBe('SAML SSO');
    expect(valueLabel('security.allowedCidrs', [])).toBe('None');
    expect(
      diffLine({
        field: 'security.allowedCidrs',
        from: ['10.0.0.0/8'],
        to: ['10.0.0.0/8', '192.0.2.0/24'],
      }),
    ).toBe('Allowed IP ranges: 10.0.0.0/8 → 10.0.0.0/8, 192.0.2.0/24');
    expect(
      diffLine({ field: 'infrastructure.gpuEnabled', from: false, to: true }),
    ).toBe('GPU: disabled → enabled');
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
