import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import { TenantCidrList, tenantCidrListValidation } from './TenantCidrList';
import {
  TenantDataSources,
  tenantDataSourcesValidation,
} from './TenantDataSources';
import { TenantPolicyField, tenantPolicyValidation } from './TenantPolicyField';
import {
  TenantRegionPicker,
  tenantRegionValidation,
} from './TenantRegionPicker';
import { TenantReview, tenantReviewValidation } from './TenantReview';
import { TenantSlugPicker, tenantSlugValidation } from './TenantSlugPicker';

/**
 * The provisioning wizard's form fields, by extension name: each one's name
 * as templates use it in `ui:field`, its component and its validation.
 * `extensions.ts` makes them extensions of the new frontend system
 * (`scaffolder-form-field:tenants/<extension name>`), `legacy.ts` field
 * extensions for apps on the legacy frontend system.
 */
export const TENANT_FIELDS = {
  'slug-picker': {
    name: 'TenantSlugPicker',
    component: TenantSlugPicker,
    validation: tenantSlugValidation,
  },
  'region-picker': {
    name: 'TenantRegionPicker',
    component: TenantRegionPicker,
    validation: tenantRegionValidation,
  },
  'policy-field': {
    name: 'TenantPolicyField',
    component: TenantPolicyField,
    validation: tenantPolicyValidation,
  },
  'data-sources': {
    name: 'TenantDataSources',
    component: TenantDataSources,
    validation: tenantDataSourcesValidation,
  },
  'cidr-list': {
    name: 'TenantCidrList',
    component: TenantCidrList,
    validation: tenantCidrListValidation,
  },
  review: {
    name: 'TenantReview',
    component: TenantReview,
    validation: tenantReviewValidation,
  },
} satisfies Record<string, FieldExtensionOptions<any, any>>;
