import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { BillingPolicy } from '../../api/TenantsApi';
import { tenantsApiRef } from '../../api/TenantsApi';
import { policyProblem, type PolicyFeature } from '../../shared/policy';

/** ui:options of the TenantPolicyField field. */
export interface TenantPolicyFieldUiOptions {
  /**
   * Which billing-tier restriction the field is subject to. Default
   * `resourceTier` for a string and `dedicatedCompute` for a boolean.
   */
  feature?: PolicyFeature;
  /** The parameter holding the billing tier. Default `billingTier`. */
  billingTierField?: string;
}

/** The restriction a field is subject to, by its options or its type. */
export function featureOf(
  options: TenantPolicyFieldUiOptions | undefined,
  schema: { type?: unknown } | undefined,
): PolicyFeature {
  return (
    options?.feature ??
    (schema?.type === 'boolean' ? 'dedicatedCompute' : 'resourceTier')
  );
}

/** The billing tier chosen in the form. */
export function billingTierOf(
  formData: Record<string, unknown> | undefined,
  billingTierField = 'billingTier',
): unknown {
  return formData?.[billingTierField];
}

/**
 * The value to switch to when the billing tier forbids the current one: off
 * for a switch, and for the resource tier the largest allowed tier not above
 * the current one (or the smallest allowed). Undefined when it is allowed.
 */
export function allowedReplacement(
  policy: BillingPolicy,
  billingTier: unknown,
  feature: PolicyFeature,
  value: unknown,
  options: readonly string[],
): string | boolean | undefined {
  if (!policyProblem(policy, billingTier, feature, value)) {
    return undefined;
  }
  if (feature !== 'resourceTier') {
    return false;
  }
  const allowed = options.filter(
    option => !policyProblem(policy, billingTier, feature, option),
  );
  const index = options.indexOf(value as string);
  const below = allowed.filter(option => options.indexOf(option) < index);
  return below[below.length - 1] ?? allowed[0];
}

/**
 * Rejects a value the chosen billing tier forbids. When the policy cannot be
 * loaded the value passes: the Tenant Service applies the policy again at the
 * dry run and when the run registers the tenant.
 */
export const tenantPolicyValidation: CustomFieldValidator<
  string | boolean,
  TenantPolicyFieldUiOptions
> = async (value, validation, context) => {
  const feature = featureOf(context.uiSchema?.['ui:options'], context.schema);
  const tenantsApi = context.apiHolder.get(tenantsApiRef);
  if (!tenantsApi) {
    return;
  }
  let policy: BillingPolicy;
  try {
    policy = await tenantsApi.getPolicy();
  } catch {
    return;
  }
  const billingTier = billingTierOf(
    context.formData,
    context.uiSchema?.['ui:options']?.billingTierField,
  );
  const problem = policyProblem(policy, billingTier, feature, value);
  if (problem) {
    validation.addError(problem);
  }
};
