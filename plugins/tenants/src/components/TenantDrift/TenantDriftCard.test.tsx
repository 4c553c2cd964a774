import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { tenantsApiRef, type TenantDriftReport } from '../../api/TenantsApi';
import { TENANT_ID } from '../../__testUtils__/tenants';
import { TenantDriftCard } from './TenantDriftCard';

const about = {
  tenantId: TENANT_ID,
  cluster: 'aws-east',
  checkedAt: '2026-12-07T10:00:00.000Z',
};

function renderCard(checkDrift: () => Promise<TenantDriftReport>) {
  return renderInTestApp(<TenantDriftCard tenantId={TENANT_ID} />, {
    apis: [[tenantsApiRef, { checkDrift: jest.fn(checkDrift) }]] as any,
  });
}

describe('TenantDriftCard', () => {
  it('checks when asked and lists each difference, Secrets without values', async () => {
    await renderCard(async () => ({
      ...about,
      state: 'drifted',
      differences: [
        {
          type: 'field',
          object: 'deployment/tenant-config',
          namespace: 'tenant-acme',
          phase: 'control-plane',
          path: 'spec.replicas',
          live: 3,
          desired: 1,
        },
        {
          type: 'missing',
          object: 'networkpolicy/allow-dns-egress',
          namespace: 'tenant-acme',
          phase: 'namespace',
        },
        {
          type: 'unexpected',
          object: 'configmap/stray',
          namespace: 'tenant-acme',
        },
        {
          type: 'field',
          object: 'secret/postgres-credentials',
          namespace: 'tenant-acme',
          phase: 'secrets',
          path: 'data.username',
        },
      ],
    }));
    expect(screen.getByText('Not checked yet.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

    expect(
      await screen.findByText('Drifted: 4 difference(s).'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('spec.replicas: 3 (should be 1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('missing (the namespace phase creates it)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('has the tenant’s labels but no phase creates it'),
    ).toBeInTheDocument();
    expect(screen.getByText('data.username differs')).toBeInTheDocument();
  });

  it('says when the tenant is in sync, and why a check could not tell', async () => {
    const answers: TenantDriftReport[] = [
      { ...about, state: 'in_sync', differences: [] },
      {
        ...about,
        state: 'unknown',
        reason: 'The cluster aws-east could not be read: connect ECONNREFUSED',
      },
    ];
    await renderCard(async () => answers.shift()!);
    const button = screen.getByRole('button', { name: 'Check now' });

    await userEvent.click(button);
    expect(
      await screen.findByText(
        'In sync: every object matches what the phases apply.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(button);
    expect(
      await screen.findByText(
        'Unknown: The cluster aws-east could not be read: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
  });

  it('shows the error of a check that failed', async () => {
    await renderCard(async () => {
      throw new Error('Tenant Service unavailable');
    });
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(
      await screen.findByText('Error: Tenant Service unavailable'),
    ).toBeInTheDocument();
  });
});
