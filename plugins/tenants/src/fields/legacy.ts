import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { tenantsApiRef } from '../api/TenantsApi';
import { TenantsClient } from '../api/TenantsClient';
import { TENANT_FIELDS } from './definitions';

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
  createScaffolderFieldExtension(TENANT_FIELDS['slug-picker']),
);

/** @public */
export const TenantRegionPickerFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension(TENANT_FIELDS['region-picker']),
);

/** @public */
export const TenantPolicyFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension(TENANT_FIELDS['policy-field']),
);

/** @public */
export const TenantDataSourcesFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension(TENANT_FIELDS['data-sources']),
);

/** @public */
export const TenantCidrListFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension(TENANT_FIELDS['cidr-list']),
);

/** @public */
export const TenantReviewFieldExtension = tenantsLegacyPlugin.provide(
  createScaffolderFieldExtension(TENANT_FIELDS.review),
);
