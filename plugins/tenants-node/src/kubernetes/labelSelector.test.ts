import { labelSelectorMatcher } from './labelSelector';

describe('labelSelectorMatcher', () => {
  const labels = { app: 'api', tier: 'data', 'tenants.dev/tenant': 'acme' };

  it.each([
    ['', true],
    ['app=api', true],
    ['app==api', true],
    ['app=web', false],
    ['app!=web', true],
    ['app!=api', false],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app in (web)', false],
    ['app notin (web)', true],
    ['missing notin (web)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['tenants.dev/tenant=acme,app in (api,web),tier=data', true],
    ['tenants.dev/tenant=acme,tier=web', false],
  ])('%s → %s', (selector, expected) => {
    expect(labelSelectorMatcher(selector)(labels)).toBe(expected);
  });

  it('treats missing labels as none', () => {
    expect(labelSelectorMatcher('app=api')(undefined)).toBe(false);
    expect(labelSelectorMatcher('!app')(undefined)).toBe(true);
  });

  it('refuses what it cannot read', () => {
    expect(() => labelSelectorMatcher('app >< api')).toThrow(
      'Unsupported label selector requirement: "app >< api"',
    );
  });
});
