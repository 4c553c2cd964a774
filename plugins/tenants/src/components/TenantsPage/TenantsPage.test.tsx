import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { tenantRolloutPermission } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  TenantListItem,
  TenantsApi,
  tenantsApiRef,
} from '../../api/TenantsApi';
import { buildTenant } from '../../__testUtils__/tenants';
import { buildChangeRequest } from '../../__testUtils__/changeRequests';
import { buildPlatformVersions } from '../../__testUtils__/rollouts';
import { rolloutsRouteRef } from '../../routes';
import { TenantsPage } from './TenantsPage';

jest.setTimeout(30_000);

const CHECKED_AT = '2026-12-07T10:00:00.000Z';
const { latestRun: _, ...details } = buildTenant();
const tenant: TenantListItem = {
  ...details,
  drift: { state: 'drifted', differences: 3, checkedAt: CHECKED_AT },
};

function renderPage(
  api: Partial<TenantsApi>,
  signals?: SignalApi,
  options: { canRollout?: boolean } = {},
) {
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === tenantRolloutPermission.name &&
      options.canRollout === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  // usePermission caches decisions in SWR's global cache: give each test its own.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TenantsPage />
    </SWRConfig>,
    {
      apis: [
        [
          tenantsApiRef,
          {
            getPlacement: async (provider: string) => ({
              provider,
              regions: [
                { region: 'westeurope', clusters: [`local-${provider}`] },
              ],
              nearest: null,
            }),
            listChangeRequests: async () => ({ items: [], totalCount: 0 }),
            getPlatformVersions: async () =>
              buildPlatformVersions({ tenantsBehind: 0 }),
            ...api,
          },
        ],
        [permissionApiRef, permission],
        ...(signals ? [[signalApiRef, signals]] : []),
      ] as any,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/rollouts': rolloutsRouteRef,
      },
    },
  );
}

async function choose(label: string, option: string) {
  const filters = screen.getByRole('search', { name: 'Filter tenants' });
  await userEvent.click(
    within(filters).getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('TenantsPage', () => {
  it('lists tenants with state, tiers, placement, cluster and dates, linking to the tenant entity', async () => {
    const listTenants = jest.fn(async () => ({
      items: [tenant],
      totalCount: 1,
    }));
    await renderPage({ listTenants });

    const link = await screen.findByRole('link', { name: 'Acme Analytics' });
    expect(link).toHaveAttribute('href', '/catalog/default/resource/acme');
    expect(screen.getByText('Tenants (1)')).toBeInTheDocument();
    const row = link.closest('tr')!;
    expect(within(row).getByText('Provisioning')).toBeInTheDocument();
    expect(within(row).getByText('enterprise / large')).toBeInTheDocument();
    expect(within(row).getByText('azure / westeurope')).toBeInTheDocument();
    expect(within(row).getByText('local-azure')).toBeInTheDocument();
    await userEvent.hover(within(row).getByText('Drifted (3)'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      `Checked ${new Date(CHECKED_AT).toLocaleString()}`,
    );
    expect(listTenants).toHaveBeenCalledWith({
      limit: 20,
      offset: 0,
      orderBy: 'createdAt',
      order: 'desc',
    });
  });

  it('filters by state, billing tier, provider, cluster and drift, and searches, on the server', async () => {
    const listTenants = jest.fn(async () => ({
      items: [tenant],
      totalCount: 1,
    }));
    await renderPage({ listTenants });
    await screen.findByRole('link', { name: 'Acme Analytics' });

    await choose('State', 'Failed');
    await choose('Billing tier', 'Enterprise');
    await choose('Provider', 'AWS');
    await choose('Cluster', 'local-gcp');
    await choose('Drift', 'Not checked');
    await userEvent.type(screen.getByLabelText('Search'), 'acme');

    await waitFor(() =>
      expect(listTenants).toHaveBeenLastCalledWith({
        state: 'failed',
        billingTier: 'enterprise',
        provider: 'aws',
        cluster: 'local-gcp',
        drift: 'unchecked',
        search: 'acme',
        limit: 20,
        offset: 0,
        orderBy: 'createdAt',
        order: 'desc',
      }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(listTenants).toHaveBeenLastCalledWith({
        limit: 20,
        offset: 0,
        orderBy: 'createdAt',
        order: 'desc',
      }),
    );
  });

  it('shows each tenant’s drift: in sync, drifted, unknown or not checked', async () => {
    const withDrift = (slug: string, drift: TenantListItem['drift']) => ({
      ...tenant,
      id: `${tenant.id.slice(0, -slug.length)}${slug}`,
      slug,
      name: `Tenant ${slug}`,
      drift,
    });
    await renderPage({
      listTenants: async () => ({
        items: [
          withDrift('a', {
            state: 'in_sync',
            differences: 0,
            checkedAt: CHECKED_AT,
          }),
          withDrift('b', {
            state: 'drifted',
            differences: 1,
            checkedAt: CHECKED_AT,
          }),
          withDrift('c', {
            state: 'unknown',
            differences: 0,
            checkedAt: CHECKED_AT,
          }),
          withDrift('d', { state: 'unchecked' }),
        ],
        totalCount: 4,
      }),
    });
    const row = async (name: string) =>
      within((await screen.findByRole('link', { name })).closest('tr')!);

    expect(screen.getByRole('columnheader', { name: 'Drift' })).toBeVisible();
    expect((await row('Tenant a')).getByText('In sync')).toBeVisible();
    expect((await row('Tenant b')).getByText('Drifted (1)')).toBeVisible();
    expect((await row('Tenant c')).getByText('Unknown')).toBeVisible();
    expect((await row('Tenant d')).getByText('Not checked')).toBeVisible();
  });

  it('says when there are no tenants yet', async () => {
    await renderPage({
      listTenants: async () => ({ items: [], totalCount: 0 }),
    });
    expect(await screen.findByText(/No tenants yet/)).toBeInTheDocument();
  });

  it('re-reads the list when any tenant changes (signal on tenants:all)', async () => {
    let onMessage: (message: any) => void = () => {};
    const signals: SignalApi = {
      subscribe: (channel, listener) => {
        if (channel === 'tenants:all') onMessage = listener;
        return { unsubscribe: () => {} };
      },
    };
    let state: TenantListItem['state'] = 'provisioning';
    const listTenants = jest.fn(async () => ({
      items: [{ ...tenant, state }],
      totalCount: 1,
    }));
    await renderPage({ listTenants }, signals);
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();

    state = 'ready';
    act(() => onMessage({ tenantId: tenant.id, state: 'ready' }));
    expect(await screen.findByText('Ready')).toBeInTheDocument();
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

  it('shows the change requests waiting for a decision across tenants, and others by status', async () => {
    const listChangeRequests = jest.fn(async (query?: { status?: string }) =>
      query?.status === 'pending'
        ? { items: [buildChangeRequest()], totalCount: 1 }
        : { items: [], totalCount: 0 },
    );
    await renderPage({
      listTenants: async () => ({ items: [tenant], totalCount: 1 }),
      listChangeRequests,
    });

    expect(await screen.findByText('Change requests (1)')).toBeInTheDocument();
    const item = screen.getByRole('listitem', {
      name: 'Acme Analytics: resource tier medium → large',
    });
    expect(within(item).getByText('Pending approval')).toBeInTheDocument();
    expect(listChangeRequests).toHaveBeenCalledWith({
      status: 'pending',
      limit: 100,
    });

    await userEvent.click(screen.getByRole('button', { name: /^Status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    expect(
      await screen.findByText('No change requests with this status.'),
    ).toBeInTheDocument();
    expect(listChangeRequests).toHaveBeenLastCalledWith({
      status: 'failed',
      limit: 100,
    });
  });

  describe('platform versions', () => {
    const onVersion = (slug: string, platformVersion: string) => ({
      ...tenant,
      id: `${tenant.id.slice(0, -slug.length)}${slug}`,
      slug,
      name: `Tenant ${slug}`,
      state: 'ready' as const,
      platformVersion,
    });
    const tenantRow = async (name: string) =>
      within((await screen.findByRole('link', { name })).closest('tr')!);

    it('shows each tenant’s version, marks those behind the one in force, and offers a rollout', async () => {
      await renderPage({
        listTenants: async () => ({
          items: [onVersion('old', '1.0.0'), onVersion('new', '1.1.0')],
          totalCount: 2,
        }),
        getPlatformVersions: async () => buildPlatformVersions(),
      });

      expect(
        screen.getByRole('columnheader', { name: 'Platform version' }),
      ).toBeVisible();
      const old = await tenantRow('Tenant old');
      expect(old.getByTestId('platform-version')).toHaveTextContent(
        '1.0.0 behind (→ 1.1.0)',
      );
      const current = await tenantRow('Tenant new');
      expect(current.getByTestId('platform-version')).toHaveTextContent(
        /^1\.1\.0$/,
      );
      expect(
        current.queryByRole('button', { name: 'Preview upgrade' }),
      ).not.toBeInTheDocument();
      const banner = await screen.findByRole('status', {
        name: 'Platform version',
      });
      expect(banner).toHaveTextContent(
        '2 tenant(s) run an older platform version than 1.1.0.',
      );
      expect(
        within(banner).getByRole('button', { name: 'Start rollout' }),
      ).toHaveAttribute('href', '/rollouts?start=1');
    });

    it('filters by platform version: behind or current', async () => {
      const listTenants = jest.fn(async () => ({
        items: [onVersion('old', '1.0.0')],
        totalCount: 1,
      }));
      await renderPage({ listTenants });
      await screen.findByRole('link', { name: 'Tenant old' });

      await choose('Platform version', 'Behind');
      await waitFor(() =>
        expect(listTenants).toHaveBeenLastCalledWith(
          expect.objectContaining({ behind: true, offset: 0 }),
        ),
      );
      await choose('Platform version', 'Current');
      await waitFor(() =>
        expect(listTenants).toHaveBeenLastCalledWith(
          expect.objectContaining({ behind: false }),
        ),
      );
      await choose('Platform version', 'All');
      await waitFor(() =>
        expect(listTenants).toHaveBeenLastCalledWith({
          limit: 20,
          offset: 0,
          orderBy: 'createdAt',
          order: 'desc',
        }),
      );
      expect(listTenants).not.toHaveBeenLastCalledWith(
        expect.objectContaining({ behind: expect.anything() }),
      );
    });

    it('previews what upgrading a tenant behind would change', async () => {
      const old = onVersion('old', '1.0.0');
      const previewChanges = jest.fn(async () => ({
        diff: [{ field: 'platformVersion', from: '1.0.0', to: '1.1.0' }],
        objects: {
          tenantId: old.id,
          cluster: 'local-azure',
          checkedAt: CHECKED_AT,
          state: 'drifted' as const,
          differences: [
            {
              type: 'field' as const,
              object: 'deployment/ai-engine',
              namespace: 'tenant-old',
              phase: 'data-plane' as const,
              path: 'spec.template.spec.containers[0].image',
              live: 'registry.example/ai-engine:1.0.0',
              desired: 'registry.example/ai-engine:1.1.0',
            },
          ],
        },
      }));
      await renderPage({
        listTenants: async () => ({ items: [old], totalCount: 1 }),
        getPlatformVersions: async () => buildPlatformVersions(),
        previewChanges,
      });

      const row = await tenantRow('Tenant old');
      await userEvent.click(
        await row.findByRole('button', { name: 'Preview upgrade' }),
      );
      const dialog = await screen.findByRole('dialog', {
        name: 'Upgrade Tenant old to 1.1.0: what would change',
      });
      expect(
        await within(dialog).findByText(
          'Approval would apply 1 difference(s) on cluster local-azure',
        ),
      ).toBeVisible();
      expect(dialog).toHaveTextContent('Platform version: 1.0.0 → 1.1.0');
      expect(previewChanges).toHaveBeenCalledWith(old.id, {
        platformVersion: '1.1.0',
      });
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Close' }),
      );
      await waitFor(() => expect(dialog).not.toBeInTheDocument());
    });

    it('offers neither a rollout nor a preview without tenant.rollout', async () => {
      await renderPage(
        {
          listTenants: async () => ({
            items: [onVersion('old', '1.0.0')],
            totalCount: 1,
          }),
          getPlatformVersions: async () => buildPlatformVersions(),
        },
        undefined,
        { canRollout: false },
      );
      const row = await tenantRow('Tenant old');
      expect(
        await screen.findByText(
          '2 tenant(s) run an older platform version than 1.1.0.',
        ),
      ).toBeVisible();
      expect(row.getByText(/behind/)).toBeVisible();
      expect(
        screen.queryByRole('button', { name: 'Start rollout' }),
      ).not.toBeInTheDocument();
      expect(
        row.queryByRole('button', { name: 'Preview upgrade' }),
      ).not.toBeInTheDocument();
    });
  });
});
