import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { tenantsPlugin } from '../../plugin';
import * as pluginPackage from '../../index';
import { isTenantEntity } from '../../legacy';

const tenantEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'acme' },
  spec: { type: 'tenant' },
};

describe('the Tenant tab as an extension', () => {
  const extension = tenantsPlugin.getExtension('entity-content:tenants');

  it('is an entity content at tenant, titled Tenant', () => {
    const tester = createExtensionTester(extension);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Tenant');
    expect(tester.get(coreExtensionData.routePath)).toBe('tenant');
  });

  it('shows only on Resource entities of spec.type tenant', () => {
    const tester = createExtensionTester(extension);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(tenantEntity)).toBe(true);
    expect(filter({ ...tenantEntity, spec: { type: 'database' } })).toBe(false);
    expect(filter({ ...tenantEntity, kind: 'Component' })).toBe(false);
  });

  it('has a legacy export and predicate for apps on the old frontend system', () => {
    expect(pluginPackage.EntityTenantContent).toBeDefined();
    expect(isTenantEntity(tenantEntity)).toBe(true);
    expect(isTenantEntity({ ...tenantEntity, kind: 'Component' })).toBe(false);
  });
});
