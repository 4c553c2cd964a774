import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { tenantsPlugin } from '../plugin';
import * as pluginPackage from '../index';
import { TenantCidrListFormField } from './TenantCidrList';
import { TenantDataSourcesFormField } from './TenantDataSources';
import { TenantPolicyFieldFormField } from './TenantPolicyField';
import { TenantRegionPickerFormField } from './TenantRegionPicker';
import { TenantReviewFormField } from './TenantReview';
import { TenantSlugPickerFormField } from './TenantSlugPicker';

describe('the wizard fields as extensions', () => {
  it.each([
    ['slug-picker', TenantSlugPickerFormField],
    ['region-picker', TenantRegionPickerFormField],
    ['policy-field', TenantPolicyFieldFormField],
    ['data-sources', TenantDataSourcesFormField],
    ['cidr-list', TenantCidrListFormField],
    ['review', TenantReviewFormField],
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
