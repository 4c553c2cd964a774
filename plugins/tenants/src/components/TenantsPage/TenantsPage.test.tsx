import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { Tenant, TenantsApi, tenantsApiRef } from '../../api/TenantsApi';
import { TenantsPage } from './TenantsPage';

const tenant: Tenant = {
  id: '3f1c',
  slug: 'acme',
  name: 'Acme Analytics',
  state: 'provisioning',
  cluster: 'azure-westeurope',
  createdBy: 'user:default/platform-admin',
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  spec: {
    details: {
      name: 'Acme Analytics',
      slug: 'acme',
      billingTier: 'enterprise',
      adminEmail: 'a@acme.example',
    },
    infrastructure: {
      cloudProvider: 'azure',
      region: 'westeurope',
      resourceTier: 'large',
      dedicatedCompute: false,
      gpuEnabled: false,
    },
    dataSources: [],
    modules: {
      core: true,
      bi: true,
      ml: false,
      dataPlatform: false,
      contextGraph: true,
    },
    security: {
      authMethod: 'oidc',
      mfaPolicy: 'required-all',
      allowedCidrs: [],
    },
  },
};

function renderPage(api: Partial<TenantsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[tenantsApiRef, api]]}>
      <TenantsPage />
    </TestApiProvider>,
  );
}

describe('TenantsPage', () => {
  it('lists tenants with their state, tiers and placement', async () => {
    await renderPage({
      listTenants: async () => ({ items: [tenant], totalCount: 1 }),
    });

    expect(await screen.findByText('Acme Analytics')).toBeInTheDocument();
    expect(screen.getByText('Tenants (1)')).toBeInTheDocument();
    expect(screen.getByText('provisioning')).toBeInTheDocument();
    expect(screen.getByText('enterprise')).toBeInTheDocument();
    expect(screen.getByText('azure / westeurope')).toBeInTheDocument();
  });

  it('shows the error when the Tenant Service fails', async () => {
    await renderPage({
      listTenants: async () => {
        throw new Error('Tenant Service unavailable');
      },
    });
    expect(
      await screen.findByText('Error: Tenant Service unavailable'),
    ).toBeInTheDocument();
  });
});
