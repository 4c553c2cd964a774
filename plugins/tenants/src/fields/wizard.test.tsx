import fs from 'node:fs';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'yaml';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  FieldExtensionOptions,
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import type { TenantsApi } from '../api/TenantsApi';
import { tenantsApiRef } from '../api/TenantsApi';
import { TENANT_FIELDS } from './definitions';

/**
 * The whole wizard as the scaffolder renders it: the template's pages with
 * the tenants fields in the scaffolder's own Stepper, against a mocked
 * Tenant Service.
 */

jest.setTimeout(120_000);

const template = parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../tenants-backend/templates/tenant-provisioning/template.yaml',
    ),
    'utf8',
  ),
);
const manifest = {
  title: template.metadata.title,
  presentation: template.spec.presentation,
  steps: template.spec.parameters.map((page: any) => ({
    title: page.title,
    description: page.description,
    schema: page,
  })),
};

const extensions: FieldExtensionOptions<any, any>[] =
  Object.values(TENANT_FIELDS);

const api: Partial<TenantsApi> = {
  checkSlug: async slug => ({ slug, available: slug !== 'acme' }),
  getPlacement: async provider => ({
    provider: provider as 'azure',
    regions: [{ region: 'westeurope', clusters: ['aks-weu-1'] }],
    nearest: {
      region: 'westeurope',
      cluster: 'aks-weu-1',
      basis: 'round-trip',
      roundTripMs: 20,
    },
  }),
  getPolicy: async () => ({
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
  }),
  dryRun: jest.fn(async () => ({
    cluster: 'aks-weu-1',
    namespace: 'tenant-acmeanalytics',
    phases: [
      {
        phaseId: 'namespace' as const,
        name: 'Namespace',
        objects: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            name: 'tenant-acmeanalytics',
            outcome: 'created' as const,
          },
        ],
      },
    ],
  })),
};

async function paste(input: HTMLElement, value: string) {
  await userEvent.click(input);
  await userEvent.paste(value);
}

async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByRole('button', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

async function next(button = 'Next') {
  await userEvent.click(screen.getByRole('button', { name: button }));
}

describe('the provisioning wizard', () => {
  beforeAll(() => {
    // jsdom has no scrolling; the Stepper scrolls to the top on each step.
    window.scrollTo = jest.fn();
  });

  it('walks through steps 1 to 6 and submits the password only as a secret', async () => {
    const onCreate = jest.fn(async () => {});
    let secrets: Record<string, string> = {};
    const SecretsProbe = () => {
      secrets = useTemplateSecrets().secrets;
      return null;
    };

    renderInTestApp(
      <SecretsContextProvider>
        <Stepper
          manifest={manifest}
          extensions={extensions}
          onCreate={onCreate}
        />
        <SecretsProbe />
      </SecretsContextProvider>,
      { apis: [[tenantsApiRef, api]] },
    );

    // Step 1: Tenant Details. The slug follows the name.
    await paste(await screen.findByLabelText(/^Tenant name/), 'Acme Analytics');
    // The input, not the availability icon labelled "Slug is available".
    await waitFor(() =>
      expect(screen.getByLabelText(/^Slug/, { selector: 'input' })).toHaveValue(
        'acmeanalytics',
      ),
    );
    expect(
      await screen.findByText("'acmeanalytics' is available"),
    ).toBeInTheDocument();
    await choose(/Billing tier/, 'Starter');
    await paste(screen.getByLabelText(/^Admin email/), 'admin@acme.example');
    await next();

    // Step 2: Infrastructure. Starter cannot take Large or GPU.
    expect(
      await screen.findByText(
        'Nearest resolves to region westeurope, cluster aks-weu-1 (lowest measured API round trip, 20 ms)',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Large (needs Professional or Enterprise)'),
    ).toBeDisabled();
    expect(screen.getByLabelText('Medium')).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'GPU enabled' }),
    ).toBeDisabled();
    await next();

    // Step 3: Data Sources.
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add data source' }),
    );
    const source = screen.getByRole('group', { name: 'Data source 1' });
    await paste(within(source).getByLabelText(/^Name/), 'warehouse');
    await paste(within(source).getByLabelText(/^Host/), 'db.acme.example');
    await paste(within(source).getByLabelText(/^Database/), 'analytics');
    await paste(within(source).getByLabelText(/^User/), 'reporting');
    await paste(within(source).getByLabelText(/^Password/), 'Sup3r-Secret!');
    await next();

    // Step 4: Service Selection, with the seed's defaults.
    expect(
      await screen.findByRole('checkbox', { name: /Core \(AI \+ Agents\)/ }),
    ).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: /ML Platform/ }),
    ).not.toBeChecked();
    await next();

    // Step 5: Security, with a CIDR range.
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add range' }),
    );
    await paste(screen.getByLabelText('Range 1'), '203.0.113.0/24');
    await next();

    // Step 6: Review with the dry run; the button leads to provisioning.
    expect(
      await screen.findByText(
        'The dry run passed: 1 objects in 1 phases on cluster aks-weu-1, namespace tenant-acmeanalytics.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('password ••••••••', { exact: false }),
    ).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('Sup3r-Secret!');
    await next('Provision');

    // The scaffolder's own last step confirms the essentials.
    const start = await screen.findByRole('button', {
      name: 'Start provisioning',
    });
    expect(screen.getByText('Acme Analytics')).toBeInTheDocument();
    expect(screen.getByText('Passed')).toBeInTheDocument();
    expect(screen.getByText('tenant-acmeanalytics')).toBeInTheDocument();
    expect(screen.queryByText('admin@acme.example')).not.toBeInTheDocument();
    await userEvent.click(start);

    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    const values = (onCreate.mock.calls[0] as any[])[0];
    expect(values).toMatchObject({
      name: 'Acme Analytics',
      slug: 'acmeanalytics',
      billingTier: 'starter',
      cloudProvider: 'azure',
      region: 'nearest',
      resourceTier: 'medium',
      dedicatedCompute: false,
      gpuEnabled: false,
      dataSources: [
        {
          name: 'warehouse',
          type: 'postgresql',
          port: 5432,
          passwordSecret: 'dataSourcePassword_warehouse',
        },
      ],
      allowedCidrs: ['203.0.113.0/24'],
      review: { status: 'passed', cluster: 'aks-weu-1' },
    });
    expect(JSON.stringify(values)).not.toContain('Sup3r-Secret!');
    expect(secrets.dataSourcePassword_warehouse).toBe('Sup3r-Secret!');
  });
});
