import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import type { Entity } from '@backstage/catalog-model';
import { tenantsApiRef, type TenantsApi } from '../../api/TenantsApi';
import {
  buildRun,
  buildStatus,
  buildTenant,
  DATA_PLANE_ERROR,
  failedStatus,
  failedTenant,
  phasesUpTo,
  TASK_ID,
  TENANT_ID,
} from '../../__testUtils__/tenants';
import { TenantEntityContent } from './TenantEntityContent';

jest.setTimeout(30_000);

// jsdom lays nothing out: give the LogViewer's virtualized list a size.
jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { height: number; width: number }) => any;
  }) => props.children({ height: 480, width: 1200 }),
}));

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme',
    annotations: { 'tenants.dev/tenant-id': TENANT_ID },
  },
  spec: { type: 'tenant', owner: 'group:default/acme-admins' },
};

function render(options: {
  api: Partial<TenantsApi>;
  allow?: boolean;
  signals?: SignalApi;
  config?: object;
  entity?: Entity;
}) {
  const permission = mockApis.permission({
    authorize:
      options.allow === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? entity}>
      <TenantEntityContent />
    </EntityProvider>,
    {
      apis: [
        [tenantsApiRef, options.api],
        [permissionApiRef, permission],
        ...(options.signals
          ? ([[signalApiRef, options.signals]] as const)
          : []),
      ] as any,
      config: options.config as any,
    },
  );
}

describe('TenantEntityContent', () => {
  beforeAll(() => {
    window.scrollTo = jest.fn();
  });

  it('shows the live status: progress, current phase, ETA, timeline, logs by phase and the task link', async () => {
    await render({
      api: {
        getTenant: async () => buildTenant(),
        getStatus: async () => buildStatus(),
      },
    });

    expect(
      await screen.findByText('42 %', {}, { timeout: 5000 }),
    ).toBeVisible();
    expect(
      screen.getByRole('progressbar', { name: 'Provisioning progress' }),
    ).toHaveAttribute('aria-valuenow', '42');
    expect(screen.getByTestId('current-phase')).toHaveTextContent(
      '5 of 8: Data Plane (phase 5) — in progress',
    );
    expect(screen.getByTestId('eta')).toHaveTextContent(
      /about (4 min 5\d s|5 min) left/,
    );

    const timeline = screen.getByRole('list', { name: 'Phase timeline' });
    const rows = within(timeline).getAllByRole('listitem');
    expect(rows.map(r => r.getAttribute('aria-label'))).toEqual([
      'Phase 1 · Namespace: completed in 10 s',
      'Phase 2 · Secrets: completed in 10 s',
      'Phase 3 · Data Infrastructure: completed in 10 s',
      'Phase 4 · Control Plane: completed in 10 s',
      expect.stringMatching(/^Phase 5 · Data Plane: running for /),
      'Phase 5.5 · Ingress: pending (expected about 2 min)',
      'Phase 6 · Observability: pending (expected about 1 min 30 s)',
      'Phase 7 · Validation: pending (expected about 30 s)',
    ]);

    expect(
      screen.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', `/create/tasks/${TASK_ID}`);

    // The log starts on the running phase; other phases are a tab away.
    const tabs = screen.getByRole('tablist', { name: 'Log of phase' });
    expect(
      within(tabs).getByRole('tab', { name: '5 Data Plane (1)' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      await screen.findByText(/Phase data-plane started/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Applied: 5 created/)).not.toBeInTheDocument();
    await userEvent.click(
      within(tabs).getByRole('tab', { name: '2 Secrets (1)' }),
    );
    expect(await screen.findByText(/Applied: 5 created/)).toBeInTheDocument();
    expect(
      screen.queryByText(/Phase data-plane started/),
    ).not.toBeInTheDocument();
  });

  it('shows the configuration by wizard step with the data-source password masked', async () => {
    await render({
      api: {
        getTenant: async () => buildTenant(),
        getStatus: async () => buildStatus(),
      },
    });
    expect(await screen.findByText('1 · Tenant Details')).toBeInTheDocument();
    for (const step of [
      '2 · Infrastructure',
      '3 · Data Sources',
      '4 · Service Selection',
      '5 · Security',
    ]) {
      expect(screen.getByText(step)).toBeInTheDocument();
    }
    expect(screen.getByText('Enterprise')).toBeInTheDocument();
    expect(screen.getByText('203.0.113.0/24')).toBeInTheDocument();
    const sources = screen.getByRole('table', { name: 'Data sources' });
    expect(
      within(sources).getByText('db.acme.example:5432'),
    ).toBeInTheDocument();
    expect(within(sources).getByLabelText('password set')).toHaveTextContent(
      '••••',
    );
    expect(document.body.textContent).not.toContain(
      'dataSourcePassword_warehouse',
    );
  });

  it('updates within a second of a signal on tenants:<id>, without waiting for a poll', async () => {
    const signals = fakeSignals();
    let tenant = buildTenant();
    let status = buildStatus();
    await render({
      api: {
        getTenant: async () => tenant,
        getStatus: async () => status,
      },
      signals: signals.api,
    });
    expect(await screen.findByText('42 %')).toBeInTheDocument();
    expect(signals.listeners.get(`tenants:${TENANT_ID}`)).toHaveLength(1);
    expect(
      screen.getByText(
        'Live: updated as soon as the Tenant Service reports a change.',
      ),
    ).toBeInTheDocument();

    tenant = buildTenant({
      latestRun: buildRun({ phases: phasesUpTo(6, 'in_progress') }),
    });
    status = buildStatus({
      current_phase: 6,
      phase_name: 'Ingress',
      progress_percentage: 71,
    });
    signals.publish(`tenants:${TENANT_ID}`, {
      tenantId: TENANT_ID,
      state: 'provisioning',
      phase: { id: 'ingress', status: 'in_progress' },
    });
    // findBy* gives up after 1000 ms.
    expect(
      await screen.findByText('71 %', {}, { timeout: 1000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('current-phase')).toHaveTextContent(
      '6 of 8: Ingress (phase 5.5)',
    );
  });

  it('on failure shows the failed phase, the error, its newest log lines and the recovery options', async () => {
    await render({
      api: {
        getTenant: async () => failedTenant(),
        getStatus: async () => failedStatus(),
      },
      config: { tenants: { support: { email: 'support@example.com' } } },
    });

    expect(await screen.findByText('Provisioning failed')).toBeInTheDocument();
    expect(
      screen.getByText('Failed phase: Phase 5 · Data Plane'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('failure-error')).toHaveTextContent(
      DATA_PLANE_ERROR,
    );
    expect(
      screen.getByText('Newest log lines of Phase 5 · Data Plane'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Retry current phase' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Rollback' }),
    ).toBeInTheDocument();
    const support = screen.getByRole('link', { name: 'Contact support' });
    const href = support.getAttribute('href')!;
    expect(href).toMatch(/^mailto:support@example\.com\?subject=/);
    const body = decodeURIComponent(href.split('&body=')[1]);
    expect(body).toContain(`Tenant id: ${TENANT_ID}`);
    expect(body).toContain('Failed phase: data-plane');
    expect(body).toContain(DATA_PLANE_ERROR);
    expect(
      screen.getByRole('listitem', {
        name: 'Phase 5 · Data Plane: failed after 25 s',
      }),
    ).toBeInTheDocument();
  });

  it('retries the failed phase; no passwords are asked once the secrets phase completed', async () => {
    const retry = jest.fn(async () => ({
      previous: buildRun({ status: 'failed' }),
      run: buildRun({ attempt: 2 }),
    }));
    await render({
      api: {
        getTenant: async () => failedTenant(),
        getStatus: async () => failedStatus(),
        retry,
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Retry current phase' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Retry Phase 5 · Data Plane?',
    });
    expect(within(dialog).queryByLabelText(/Password of/)).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Retry' }),
    );
    await waitFor(() => expect(retry).toHaveBeenCalledWith(TENANT_ID, {}));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('asks for the data-source passwords again when the secrets phase has not completed', async () => {
    const retry = jest.fn(async () => ({
      previous: buildRun(),
      run: buildRun({ attempt: 2 }),
    }));
    const tenant = failedTenant({
      latestRun: buildRun({
        status: 'failed',
        phases: phasesUpTo(2, 'failed', 'Phase secrets failed: forbidden'),
      }),
    });
    await render({
      api: {
        getTenant: async () => tenant,
        getStatus: async () => failedStatus(),
        retry,
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Retry current phase' }),
    );
    const dialog = await screen.findByRole('dialog');
    const retryButton = within(dialog).getByRole('button', { name: 'Retry' });
    expect(retryButton).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(
        /Password of warehouse \(db\.acme\.example:5432\)/,
      ),
      'Sup3r-Secret!',
    );
    expect(retryButton).toBeEnabled();
    await userEvent.click(retryButton);
    await waitFor(() =>
      expect(retry).toHaveBeenCalledWith(TENANT_ID, {
        secrets: { dataSourcePassword_warehouse: 'Sup3r-Secret!' },
      }),
    );
  });

  it('shows the Tenant Service’s refusal in the retry dialog', async () => {
    await render({
      api: {
        getTenant: async () => failedTenant(),
        getStatus: async () => failedStatus(),
        retry: async () => {
          throw Object.assign(new Error('Request failed with 409'), {
            body: { error: { message: 'Nothing failed: the run completed' } },
          });
        },
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Retry current phase' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Retry',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Nothing failed: the run completed',
    );
  });

  it('confirms a rollback with what will be deleted, newest phase first', async () => {
    const rollback = jest.fn(async () => ({
      tenant: buildTenant({ state: 'rolling_back' }),
      started: true,
    }));
    await render({
      api: {
        getTenant: async () => failedTenant(),
        getStatus: async () => failedStatus(),
        rollback,
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rollback' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back tenant Acme Analytics?',
    });
    const items = within(
      within(dialog).getByRole('list', { name: 'What will be deleted' }),
    )
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(items).toEqual([
      'Phase 5 · Data Plane: Deployments and Services of the enabled modules (Core (AI + Agents), BI Platform and Context Graph)',
      'Phase 4 · Control Plane: ConfigMaps, Deployments and Services',
      "Phase 3 · Data Infrastructure: StatefulSets, Services and Jobs of PostgreSQL, Redis and Kafka, and their PersistentVolumeClaims (the tenant's data is lost)",
      'Phase 2 · Secrets: Secrets: the platform credentials (PostgreSQL, Redis, Kafka, API keys) and the connection of 1 data source',
      'Phase 1 · Namespace: ResourceQuotas, LimitRanges, NetworkPolicies, ServiceAccounts, Roles and RoleBindings',
      'Namespace: tenant-acme on cluster local-azure, deleted last',
    ]);
    expect(
      within(dialog).queryByLabelText(/Cancel the running task/),
    ).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    await waitFor(() => expect(rollback).toHaveBeenCalledWith(TENANT_ID, {}));
  });

  it('offers to cancel the running task first when rolling back an active run', async () => {
    const rollback = jest.fn(async () => ({
      tenant: buildTenant({ state: 'rolling_back' }),
      started: true,
      cancelledTaskId: TASK_ID,
    }));
    await render({
      api: {
        getTenant: async () => buildTenant(),
        getStatus: async () => buildStatus(),
        rollback,
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rollback' }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
    expect(confirm).toBeDisabled();
    await userEvent.click(
      within(dialog).getByLabelText(
        'Cancel the running task first (attempt 1 is still in progress)',
      ),
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(rollback).toHaveBeenCalledWith(TENANT_ID, { cancel: true }),
    );
  });

  it('shows no retry or rollback to users the Tenant Service would refuse', async () => {
    // Another tenant id: permission decisions are cached per resource.
    const id = '0d4f7a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6';
    await render({
      api: {
        getTenant: async () => failedTenant({ id }),
        getStatus: async () => failedStatus(),
      },
      entity: {
        ...entity,
        metadata: {
          name: 'acme',
          annotations: { 'tenants.dev/tenant-id': id },
        },
      },
      allow: false,
      config: {
        tenants: { support: { url: 'https://support.example.com/new' } },
      },
    });
    // eslint-disable-next-line no-console
    expect(
      await screen.findByText(
        /^Retrying and rolling back are for platform admins; contact support to get this fixed\.$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry current phase' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Rollback' })).toBeNull();
    const support = screen.getByRole('link', { name: 'Contact support' });
    expect(support.getAttribute('href')).toBe(
      `https://support.example.com/new?tenant=${id}&slug=acme&phase=data-plane&error=${encodeURIComponent(
        DATA_PLANE_ERROR,
      )}&task=${TASK_ID}`,
    );
  });

  it('says when the entity is not a tenant', async () => {
    await render({
      api: {},
      entity: { ...entity, metadata: { name: 'other' } },
    });
    expect(await screen.findByText(/Not a tenant/)).toBeInTheDocument();
  });

  it('shows the error when the Tenant Service refuses', async () => {
    await render({
      api: {
        getTenant: async () => {
          throw new Error("No tenant with id '6f9a'");
        },
        getStatus: async () => buildStatus(),
      },
    });
    expect(
      await screen.findByText("Error: No tenant with id '6f9a'"),
    ).toBeInTheDocument();
  });
});
