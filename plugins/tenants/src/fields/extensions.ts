import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The provisioning wizard's form fields as new frontend system extensions.
 * They attach to the scaffolder's form fields API, so every template can use
 * them by `ui:field` name; each field's code loads only when a form needs it.
 */
export const tenantFormFields = [
  FormFieldBlueprint.make({
    name: 'slug-picker',
    params: {
      field: () =>
        import('./TenantSlugPicker').then(m => m.TenantSlugPickerFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'region-picker',
    params: {
      field: () =>
        import('./TenantRegionPicker').then(m => m.TenantRegionPickerFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'policy-field',
    params: {
      field: () =>
        import('./TenantPolicyField').then(m => m.TenantPolicyFieldFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'data-sources',
    params: {
      field: () =>
        import('./TenantDataSources').then(m => m.TenantDataSourcesFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'cidr-list',
    params: {
      field: () =>
        import('./TenantCidrList').then(m => m.TenantCidrListFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'review',
    params: {
      field: () => import('./TenantReview').then(m => m.TenantReviewFormField),
    },
  }),
];
