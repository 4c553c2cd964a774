import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { DryRunResult } from '../../api/TenantsApi';
import {
  recordingValidation,
  renderField,
  validatorContext,
} from '../__testUtils__';
import { specFingerprint, tenantSpecFromFormData } from '../wizard';
import { MASK } from '../../shared/specSummary';
import { TenantReview } from './TenantReview';
import { TenantReviewValue, tenantReviewValidation } from './validation';

jest.setTimeout(30_000);

const parameters: JsonObject = {
  name: 'Acme Analytics',
  slug: 'acme',
  description: 'Analytics for Acme',
  billingTier: 'enterprise',
  adminEmail: 'admin@acme.example',
  cloudProvider: 'azure',
  region: 'nearest',
  resourceTier: 'large',
  dedicatedCompute: true,
  gpuEnabled: false,
  dataSources: [
    {
      name: 'warehouse',
      type: 'postgresql',
      host: 'db.acme.example',
      port: 5432,
      database: 'analytics',
      user: 'reporting',
      tlsMode: 'require',
      passwordSecret: 'dataSourcePassword_warehouse',
    },
  ],
  moduleCore: true,
  moduleBi: true,
  moduleMl: false,
  moduleDataPlatform: false,
  moduleContextGraph: true,
  authMethod: 'saml',
  mfaPolicy: 'required-admins',
  allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'],
};

const passed: DryRunResult = {
  cluster: 'aks-weu-1',
  namespace: 'tenant-acme',
  phases: [
    {
      phaseId: 'namespace',
      name: 'Namespace',
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          name: 'tenant-acme',
          outcome: 'created',
        },
      ],
    },
    {
      phaseId: 'secrets',
      name: 'Secrets',
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          name: 'datasource-warehouse',
          namespace: 'tenant-acme',
          outcome: 'created',
        },
      ],
    },
    {
      phaseId: 'ingress',
      name: 'Ingress',
      objects: [
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name: 'tenant',
          namespace: 'tenant-acme',
          outcome: 'created',
        },
      ],
    },
  ],
};

const failed: DryRunResult = {
  ...passed,
  phases: [
    passed.phases[0],
    {
      phaseId: 'data-infrastructure',
      name: 'Data Infrastructure',
      objects: [],
      error:
        'admission webhook "quota.example" denied the request: exceeds the cluster quota for storage',
    },
  ],
};

function render(
  dryRun: () => Promise<DryRunResult>,
  initialSecrets: Record<string, string> = {
    dataSourcePassword_warehouse: 'Sup3r-Secret!',
  },
) {
  const dryRunMock = jest.fn(dryRun);
  return {
    dryRun: dryRunMock,
    field: renderField<TenantReviewValue>(TenantReview, {
      name: 'review',
      parameters,
      initialSecrets,
      api: { dryRun: dryRunMock },
    }),
  };
}

describe('TenantReview', () => {
  it('groups everything by step and masks secrets', async () => {
    const { field } = render(async () => passed);
    await field;

    const step = (name: string) => within(screen.getByRole('region', { name }));
    expect(
      step('1. Tenant Details').getByText('Acme Analytics'),
    ).toBeInTheDocument();
    expect(
      step('1. Tenant Details').getByText('Enterprise'),
    ).toBeInTheDocument();
    expect(
      step('1. Tenant Details').getByText('admin@acme.example'),
    ).toBeInTheDocument();
    expect(step('2. Infrastructure').getByText('Azure')).toBeInTheDocument();
    expect(
      await step('2. Infrastructure').findByText('Nearest (cluster aks-weu-1)'),
    ).toBeInTheDocument();
    expect(step('2. Infrastructure').getByText('Large')).toBeInTheDocument();
    expect(
      step('3. Data Sources').getByText(
        `PostgreSQL · db.acme.example:5432/analytics · user reporting · TLS Required · password ${MASK}`,
      ),
    ).toBeInTheDocument();
    expect(
      step('4. Service Selection').getByText('ML Platform').nextSibling,
    ).toHaveTextContent('Disabled');
    expect(
      step('4. Service Selection').getByText('Context Graph').nextSibling,
    ).toHaveTextContent('Enabled');
    expect(step('5. Security').getByText('SAML SSO')).toBeInTheDocument();
    expect(
      step('5. Security').getByText('Required for admins'),
    ).toBeInTheDocument();
    expect(
      step('5. Security').getByText('203.0.113.0/24, 2001:db8::/32'),
    ).toBeInTheDocument();

    expect(document.body.textContent).not.toContain('Sup3r-Secret!');
  });

  it('previews the objects of each phase and records a passed dry run', async () => {
    const { field, dryRun } = render(async () => passed);
    const state = await field;

    expect(
      await screen.findByText(
        'The dry run passed: 3 objects in 3 phases on cluster aks-weu-1, namespace tenant-acme.',
      ),
    ).toBeInTheDocument();
    const ingress = within(
      screen.getByRole('region', { name: 'Phase 5.5 · Ingress' }),
    );
    expect(ingress.getByText('Ingress/tenant')).toBeInTheDocument();
    expect(ingress.getByText('created')).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Phase 2 · Secrets' }),
      ).getByText('Secret/datasource-warehouse'),
    ).toBeInTheDocument();

    const spec = tenantSpecFromFormData(parameters);
    expect(dryRun).toHaveBeenCalledWith({ spec });
    expect(JSON.stringify(dryRun.mock.calls)).not.toContain('Sup3r-Secret!');
    await waitFor(() =>
      expect(state.current()).toEqual({
        status: 'passed',
        fingerprint: specFingerprint(spec),
        cluster: 'aks-weu-1',
        namespace: 'tenant-acme',
        objectCount: 3,
      }),
    );
  });

  it('shows the error of the API server per phase and records a failed dry run', async () => {
    const { field, dryRun } = render(async () => failed);
    const state = await field;

    const phase = within(
      await screen.findByRole('region', {
        name: 'Phase 3 · Data Infrastructure',
      }),
    );
    expect(
      phase.getByText(
        'admission webhook "quota.example" denied the request: exceeds the cluster quota for storage',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(state.current()?.status).toBe('failed'));
    expect(state.current()?.message).toBe(
      'The dry run failed in Phase 3 · Data Infrastructure: admission webhook "quota.example" denied the request: exceeds the cluster quota for storage',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Run again' }));
    await waitFor(() => expect(dryRun).toHaveBeenCalledTimes(2));
  });

  it('lists the field errors when the Tenant Service rejects the spec', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message:
            'Invalid tenant spec: infrastructure.gpuEnabled: GPU is not included in the Professional tier',
          fields: [
            {
              field: 'infrastructure.gpuEnabled',
              message: 'GPU is not included in the Professional tier',
            },
          ],
        },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    const { field } = render(() => Promise.reject(error));
    const state = await field;

    expect(
      await screen.findByText(
        'The Tenant Service rejected the dry run: Invalid tenant spec: infrastructure.gpuEnabled: GPU is not included in the Professional tier',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'infrastructure.gpuEnabled: GPU is not included in the Professional tier',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(state.current()?.status).toBe('failed'));
  });

  it('asks for a password again when the secret is gone (after a reload)', async () => {
    const { field } = render(async () => passed, {});
    const state = await field;
    expect(
      await screen.findByText(
        'PostgreSQL · db.acme.example:5432/analytics · user reporting · TLS Required · password missing: enter it again on the Data Sources step',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(state.current()?.status).toBe('failed'));
    expect(state.current()?.message).toBe(
      "Enter the password of 'warehouse' again on the Data Sources step (secrets are not kept when the page reloads)",
    );
  });
});

describe('tenantReviewValidation', () => {
  const fingerprint = specFingerprint(tenantSpecFromFormData(parameters));
  const validate = (value: TenantReviewValue | undefined) => {
    const { errors, validation } = recordingValidation();
    tenantReviewValidation(
      value as TenantReviewValue,
      validation,
      validatorContext({}, parameters),
    );
    return errors;
  };

  it('lets the wizard go on only after a passed dry run of this configuration', () => {
    expect(validate({ status: 'passed', fingerprint })).toEqual([]);
    expect(validate({ status: 'pending', fingerprint })).toEqual([
      'Wait for the dry run to finish',
    ]);
    expect(
      validate({ status: 'failed', fingerprint, message: 'Quota exceeded' }),
    ).toEqual(['Quota exceeded']);
    expect(validate({ status: 'passed', fingerprint: 'other' })).toEqual([
      'The configuration changed since the dry run; wait for the new dry run to finish',
    ]);
  });
});
