import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BillingPolicy } from '../../api/TenantsApi';
import {
  recordingValidation,
  renderField,
  validatorContext,
} from '../__testUtils__';
import { policyProblem, tiersAllowing } from '../../shared/policy';
import { TenantPolicyField } from './TenantPolicyField';
import { tenantPolicyValidation } from './validation';

jest.setTimeout(30_000);

const policy: BillingPolicy = {
  billingTiers: {
    starter: {
      resourceTiers: ['small', 'medium'],
      dedicatedCompute: false,
      gpu: false,
    },
    professional: {
      resourceTiers: ['small', 'medium', 'large'],
      dedicatedCompute: true,
      gpu: false,
    },
    enterprise: {
      resourceTiers: ['small', 'medium', 'large'],
      dedicatedCompute: true,
      gpu: true,
    },
  },
};
const api = { getPolicy: async () => policy };

const resourceTier = {
  schema: {
    title: 'Resource tier',
    type: 'string',
    enum: ['small', 'medium', 'large'],
    enumNames: ['Small', 'Medium', 'Large'],
  },
  uiSchema: { 'ui:options': { feature: 'resourceTier' } },
};
const gpu = {
  schema: { title: 'GPU enabled', type: 'boolean' },
  uiSchema: { 'ui:options': { feature: 'gpu' } },
};

describe('TenantPolicyField', () => {
  it('disables the resource tiers the billing tier does not include', async () => {
    const field = await renderField<string>(TenantPolicyField, {
      name: 'resourceTier',
      value: 'medium',
      parameters: { billingTier: 'starter' },
      api,
      ...resourceTier,
    });

    const large = await screen.findByLabelText(
      'Large (needs Professional or Enterprise)',
    );
    expect(large).toBeDisabled();
    expect(screen.getByLabelText('Small')).toBeEnabled();
    expect(screen.getByLabelText('Medium')).toBeChecked();
    expect(
      screen.getByText('The Starter tier includes Small and Medium resources'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Small'));
    expect(field.current()).toBe('small');
  });

  it('falls back to an allowed resource tier when the billing tier changes', async () => {
    const field = await renderField<string>(TenantPolicyField, {
      name: 'resourceTier',
      value: 'large',
      parameters: { billingTier: 'enterprise' },
      api,
      ...resourceTier,
    });
    expect(await screen.findByLabelText('Large')).toBeChecked();

    act(() => field.setParameters({ billingTier: 'starter' }));
    await waitFor(() => expect(field.current()).toBe('medium'));
  });

  it('disables GPU below Enterprise and says which tier includes it', async () => {
    await renderField<boolean>(TenantPolicyField, {
      name: 'gpuEnabled',
      value: false,
      parameters: { billingTier: 'starter' },
      api,
      ...gpu,
    });
    expect(
      await screen.findByText(
        'GPU is not available on the Starter tier (available on Enterprise)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'GPU enabled' }),
    ).toBeDisabled();
  });

  it('turns GPU off when the billing tier no longer includes it', async () => {
    const field = await renderField<boolean>(TenantPolicyField, {
      name: 'gpuEnabled',
      value: true,
      parameters: { billingTier: 'professional' },
      api,
      ...gpu,
    });
    await waitFor(() => expect(field.current()).toBe(false));
  });

  it('lets Enterprise turn GPU on', async () => {
    const field = await renderField<boolean>(TenantPolicyField, {
      name: 'gpuEnabled',
      value: false,
      parameters: { billingTier: 'enterprise' },
      api,
      ...gpu,
    });
    const toggle = await screen.findByRole('checkbox', { name: 'GPU enabled' });
    await waitFor(() => expect(toggle).toBeEnabled());
    await userEvent.click(toggle);
    expect(field.current()).toBe(true);
  });

  it('says so when the policy cannot be loaded, and restricts nothing', async () => {
    await renderField<string>(TenantPolicyField, {
      name: 'resourceTier',
      value: 'large',
      parameters: { billingTier: 'starter' },
      api: { getPolicy: () => Promise.reject(new Error('unavailable')) },
      ...resourceTier,
    });
    expect(
      await screen.findByText(
        'Could not load the billing policy (unavailable); the Tenant Service checks it when provisioning',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Large')).toBeEnabled();
  });
});

describe('billing policy checks', () => {
  it("uses the Tenant Service's messages for what a tier forbids", () => {
    expect(policyProblem(policy, 'starter', 'resourceTier', 'large')).toBe(
      'The Large resource tier is not available on the Starter tier; choose Small or Medium (Large is available on Professional, Enterprise)',
    );
    expect(policyProblem(policy, 'starter', 'dedicatedCompute', true)).toBe(
      'Dedicated compute is not available on the Starter tier (available on Professional, Enterprise)',
    );
    expect(policyProblem(policy, 'professional', 'gpu', true)).toBe(
      'GPU is not available on the Professional tier (available on Enterprise)',
    );
    expect(policyProblem(policy, 'enterprise', 'gpu', true)).toBeUndefined();
    expect(policyProblem(policy, 'starter', 'gpu', false)).toBeUndefined();
    expect(policyProblem(policy, undefined, 'gpu', true)).toBeUndefined();
  });

  it('names the billing tiers that allow a value', () => {
    expect(tiersAllowing(policy, 'resourceTier', 'large')).toEqual([
      'Professional',
      'Enterprise',
    ]);
    expect(tiersAllowing(policy, 'gpu', true)).toEqual(['Enterprise']);
    expect(tiersAllowing(policy, 'gpu', false)).toEqual([
      'Starter',
      'Professional',
      'Enterprise',
    ]);
  });

  it('validates the field against the chosen billing tier', async () => {
    const starter = recordingValidation();
    await tenantPolicyValidation(
      true,
      starter.validation,
      validatorContext(api, { billingTier: 'starter' }, gpu.uiSchema),
    );
    expect(starter.errors).toEqual([
      'GPU is not available on the Starter tier (available on Enterprise)',
    ]);

    const enterprise = recordingValidation();
    await tenantPolicyValidation(
      true,
      enterprise.validation,
      validatorContext(api, { billingTier: 'enterprise' }, gpu.uiSchema),
    );
    expect(enterprise.errors).toEqual([]);

    const unreachable = recordingValidation();
    await tenantPolicyValidation(
      'large',
      unreachable.validation,
      validatorContext(
        { getPolicy: () => Promise.reject(new Error('down')) },
        { billingTier: 'starter' },
        resourceTier.uiSchema,
      ),
    );
    expect(unreachable.errors).toEqual([]);
  });
});
