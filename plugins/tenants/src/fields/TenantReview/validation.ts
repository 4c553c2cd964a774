import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { specFingerprint, tenantSpecFromFormData } from '../wizard';

/**
 * The review field's value: the outcome of the dry run for the configuration
 * with the given fingerprint. It is a template parameter like any other, and
 * the scaffolder's own confirmation step shows it.
 *
 * @public
 */
export interface TenantReviewValue {
  status: 'pending' | 'passed' | 'failed';
  /** Fingerprint of the tenant spec the dry run was made for. */
  fingerprint: string;
  cluster?: string;
  namespace?: string;
  /** How many objects the phases would apply. */
  objectCount?: number;
  /** Why the configuration cannot be provisioned yet, in words. */
  message?: string;
}

/**
 * Lets the wizard go on only when the dry run of exactly the configuration
 * being submitted passed.
 */
export const tenantReviewValidation: CustomFieldValidator<TenantReviewValue> = (
  value,
  validation,
  context,
) => {
  const fingerprint = specFingerprint(tenantSpecFromFormData(context.formData));
  if (!value || value.fingerprint !== fingerprint) {
    validation.addError(
      'The configuration changed since the dry run; wait for the new dry run to finish',
    );
  } else if (value.status === 'pending') {
    validation.addError('Wait for the dry run to finish');
  } else if (value.status === 'failed') {
    validation.addError(
      value.message ??
        'The dry run failed; fix the problems it shows before provisioning',
    );
  }
};
