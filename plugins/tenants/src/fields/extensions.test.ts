import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { tenantsPlugin } from '../plugin';
import * as pluginPackage from '../index';
import { TENANT_FORM_FIELDS } from './extensions';

describe('the wizard fields as extensions', () => {
  it.each([
    ['slug-picker', TENANT_FORM_FIELDS['slug-picker']],
    ['region-picker', TENANT_FORM_FIELDS['region-picker']],
    ['policy-field', TENANT_FORM_FIELDS['policy-field']],
    ['data-sources', TENANT_FORM_FIELDS['data-sources']],
    ['cidr-list', TENANT_FORM_FIELDS['cidr-list']],
    ['review', TENANT_FORM_FIELDS.review],
  ])(
    'the tenants plugin provides scaffolder-form-field:tenants/%s to the scaffolder',
    async (name, formField) => {
      const extension = tenantsPlugin.getExtension(
        `scaffolder-form-field:tenants/${name}` as any,
      );
      expect(extension).toBeDefined();
      const loader = createExtensionTester(extension as any).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ) as () => Promise<unknown>;
      await expect(loader()).resolves.toBe(formField);
    },
  );

  it('exports field extensions for apps on the legacy frontend system', () => {
    expect(Object.keys(pluginPackage).filter(k => k.endsWith('Extension')))
      .toEqual([
        'TenantCidrListFieldExtension',
        'TenantDataSourcesFieldExtension',
        'TenantPolicyFieldExtension',
        'TenantRegionPickerFieldExtension',
        'TenantReviewFieldExtension',
        'TenantSlugPickerFieldExtension',
      ]);
  });
});
