import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { tenantsApiRef } from '../api/TenantsApi';
import { TenantsClient } from '../api/TenantsClient';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  TENANT_CIDR_LIST,
  TenantCidrList,
  tenantCidrListValidation,
} from './TenantCidrList';
import {
  TENANT_DATA_SOURCES,
  TenantDataSources,
  tenantDataSourcesValidation,
} from './TenantDataSources';
import {
  TENANT_POLICY_FIELD,
  TenantPolicyField,
  tenantPolicyValidation,
} from './TenantPolicyField';
import {
  TENANT_REGION_PICKER,
  TenantRegionPicker,
  tenantRegionValidation,
} from './TenantRegionPicker';
import {
  TENANT_REVIEW,
  TenantReview,
  tenantReviewValidation,
} from './TenantReview';
import {
  TENANT_SLUG_PICKER,
  TenantSlugPicker,
  tenantSlugValidation,
} from './TenantSlugPicker';

/**
 * The tenants plugin for apps on the legacy frontend system: it provides the
 * provisioning wizard's field extensions and the Tenant Service client they
 * use.
 */
export const tenantsLegacyPlugin = createPlugin({
  id: 'tenants',
  apis: [
    createApiFactory({
      api: tenantsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TenantsClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Provisioning wizard fields for legacy apps: put them inside
 * `<ScaffolderFieldExtensions>` of the app's `ScaffolderPage` route.
 *
 * @public
 */
export const TenantSlugPickerFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_SLUG_PICKER,
    component: TenantSlugPicker,
    validation: tenantSlugValidation,
  }),
);

/** @public */
export const TenantRegionPickerFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_REGION_PICKER,
    component: TenantRegionPicker,
    validation: tenantRegionValidation,
  }),
);

/** @public */
export const TenantPolicyFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_POLICY_FIELD,
    component: TenantPolicyField,
    validation: tenantPolicyValidation,
  }),
);

/** @public */
export const TenantDataSourcesFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_DATA_SOURCES,
    component: TenantDataSources,
    validation: tenantDataSourcesValidation,
  }),
);

/** @public */
export const TenantCidrListFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_CIDR_LIST,
    component: TenantCidrList,
    validation: tenantCidrListValidation,
  }),
);

/** @public */
export const TenantReviewFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: TENANT_REVIEW,
    component: TenantReview,
    validation: tenantReviewValidation,
  }),
);
