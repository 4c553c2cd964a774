import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TenantReview } from './TenantReview';
import { tenantReviewValidation } from './validation';

export { TenantReview } from './TenantReview';
export { tenantReviewValidation, type TenantReviewValue } from './validation';

/** The field's name, as templates use it in `ui:field`. */
export const TENANT_REVIEW = 'TenantReview';

/** The field for the new frontend system's FormFieldBlueprint. */
export const TenantReviewFormField = createFormField({
  name: TENANT_REVIEW,
  component: TenantReview,
  validation: tenantReviewValidation,
});
