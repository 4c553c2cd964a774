import {
  FIELD_MANAGER,
  namespaceLabels,
  tenantLabels,
  tenantNamespaceName,
  tenantSelector,
  toLabelValue,
} from './labels';
import { buildSpec, LABEL_VALUE } from './__testUtils__/fixtures';

describe('tenant labels', () => {
  it('marks objects as managed by the platform, with tenant and phase', () => {
    expect(tenantLabels('acme', 'data-plane')).toEqual({
      'app.kubernetes.io/managed-by': FIELD_MANAGER,
      'tenants.dev/tenant': 'acme',
      'tenants.dev/phase': 'data-plane',
    });
    expect(FIELD_MANAGER).toBe('tenant-platform');
  });

  it('selects a tenant by managed-by and tenant label', () => {
    expect(tenantSelector('acme')).toBe(
      'app.kubernetes.io/managed-by=tenant-platform,tenants.dev/tenant=acme',
    );
  });

  it('names the namespace after the slug', () => {
    expect(tenantNamespaceName('acme')).toBe('tenant-acme');
  });

  it('adds tier, provider and region to the namespace labels', () => {
    const spec = buildSpec({
      infrastructure: {
        resourceTier: 'large',
        cloudProvider: 'gcp',
        region: 'europe-west4',
      },
    });
    expect(namespaceLabels(spec)).toMatchObject({
      'tenants.dev/tenant': 'acme',
      'tenants.dev/phase': 'namespace',
      'tenants.dev/tier': 'large',
      'tenants.dev/billing-tier': 'professional',
      'tenants.dev/provider': 'gcp',
      'tenants.dev/region': 'europe-west4',
    });
  });

  it.each([
    ['West Europe', 'West-Europe'],
    ['(nearest)', 'nearest'],
    ['r'.repeat(64), 'r'.repeat(63)],
    ['eu/west 1!', 'eu-west-1'],
  ])('turns region %j into a valid label value', (region, expected) => {
    expect(toLabelValue(region)).toBe(expected);
    expect(toLabelValue(region)).toMatch(LABEL_VALUE);
  });
});
