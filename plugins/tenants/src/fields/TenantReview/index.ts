export { TenantReview } from './TenantReview';
export { tenantReviewValidation, type TenantReviewValue } from './validation';
