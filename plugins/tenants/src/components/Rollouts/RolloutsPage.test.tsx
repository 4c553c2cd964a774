import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ROLLOUTS_SIGNAL_CHANNEL,
  tenantRolloutPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type RolloutDetail,
  type TenantListItem,
  type TenantsApi,
} from '../../api/TenantsApi';
import { PLATFORM_ADMIN } from '../../__testUtils__/changeRequests';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import {
  buildPlatformVersions,
  buildRollout,
  buildRolloutDetail,
  counts,
  ROLLOUT_ID,
  rolloutTenant,
  TENANT_A,
  TENANT_B,
  UPGRADE_TASK_ID,
} from '../../__testUtils__/rollouts';
import { buildTenant } from '../../__testUtils__/tenants';
import { RolloutsPage } from './RolloutsPage';

jest.setTimeout(30_000);
// Permission and the lists answer asynchronously; a loaded CI machine is slow.
configure({ asyncUtilTimeout: 5000 });

const behindTenant = (id: string, slug: string, name: string) => {
  const { latestRun: _, ...tenant } = buildTenant({
    id,
    slug,
    name,
    state: 'ready',
    platformVersion: '1.0.0',
  });
  return { ...tenant, drift: { state: 'unchecked' } } as TenantListItem;
};
const ALPHA = behindTenant(TENANT_A, 'alpha', 'Alpha Analytics');
const BETA = behindTenant(TENANT_B, 'beta', 'Beta Insights');

function fakeApi(overrides: Partial<TenantsApi> = {}): Partial<TenantsApi> {
  return {
    getPlatformVersions: async () => buildPlatformVersions(),
    listRollouts: async () => ({ items: [buildRollout()], totalCount: 1 }),
    getRollout: async () => buildRolloutDetail(),
    listTenants: async () => ({ items: [ALPHA, BETA], totalCount: 2 }),
    ...overrides,
  };
}

function render(options: {
  api: Partial<TenantsApi>;
  allowed?: boolean;
  path?: string;
  signals?: ReturnType<typeof fakeSignals>;
}) {
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === tenantRolloutPermission.name &&
      options.allowed === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  // usePermission caches decisions in SWR's global cache: give each test its own.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <RolloutsPage />
    </SWRConfig>,
    {
      apis: [
        [tenantsApiRef, options.api],
        [permissionApiRef, permission],
        [signalApiRef, (options.signals ?? fakeSignals()).api],
        mockApis.identity({ userEntityRef: PLATFORM_ADMIN }),
      ] as any,
      mountPath: '/rollouts',
      initialRouteEntries: [options.path ?? '/rollouts'],
    },
  );
}

const inputError = (message: string, fields?: unknown) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message, fields },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );

const row = (name: string) =>
  within(screen.getByRole('row', { name }) as HTMLElement);

describe('RolloutsPage', () => {
  it('lists rollouts with target version, state, progress, wave and who started them', async () => {
    const listRollouts = jest.fn(async () => ({
      items: [
        buildRollout({
          counts: counts({ upgraded: 5, failed: 1, pending: 6 }),
          waves: 3,
          currentWave: 1,
        }),
      ],
      totalCount: 1,
    }));
    await render({ api: fakeApi({ listRollouts }) });

    const link = await screen.findByRole('link', { name: '1.1.0' });
    expect(link).toHaveAttribute('href', `/rollouts/${ROLLOUT_ID}`);
    const cells = within(link.closest('tr')!);
    expect(cells.getByText('Running')).toBeVisible();
    expect(cells.getByText('5/12 upgraded, 1 failed')).toBeVisible();
    expect(cells.getByText('Wave 2 of 3')).toBeVisible();
    expect(cells.getByText('platform-admin')).toBeVisible();
    expect(screen.getByText('Rollouts (1)')).toBeVisible();
    expect(screen.getByTestId('platform-summary')).toHaveTextContent(
      'Platform version in force: 1.1.0 (declared: 1.0.0, 1.1.0). 2 tenant(s) run an older version.',
    );
    expect(listRollouts).toHaveBeenCalledWith({ limit: 20, offset: 0 });
  });

  it('tells users without tenant.rollout that the page is for platform admins', async () => {
    const listRollouts = jest.fn(async () => ({ items: [], totalCount: 0 }));
    await render({ api: fakeApi({ listRollouts }), allowed: false });
    expect(
      await screen.findByText(/Rollouts are for platform admins/),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Start rollout' }),
    ).not.toBeInTheDocument();
    expect(listRollouts).not.toHaveBeenCalled();
  });

  it('starts a rollout of selected tenants to a version newer than the one in force, with the wave settings, and opens it', async () => {
    const started = buildRolloutDetail();
    const startRollout = jest.fn(async () => started);
    const getRollout = jest.fn(async () => started);
    const canary = behindTenant(
      '3c3c3c3c-0000-4000-8000-00000000000c',
      'gamma',
      'Gamma Labs',
    );
    canary.platformVersion = '1.1.0';
    const listTenants = jest.fn(async (query?: { search?: string }) => ({
      items: [ALPHA, BETA, canary].filter(t =>
        t.slug.includes(query?.search ?? ''),
      ),
      totalCount: 3,
    }));
    // 1.0.0 is in force; 1.1.0 is declared: a canary rollout.
    const platform = buildPlatformVersions({
      current: '1.0.0',
      tenantsBehind: 0,
    });
    platform.versions = platform.versions.map(v => ({
      ...v,
      current: v.version === '1.0.0',
    }));
    await render({
      api: fakeApi({
        startRollout,
        getRollout,
        listTenants,
        getPlatformVersions: async () => platform,
      }),
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Start rollout' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Start a rollout',
    });
    // The version in force is the default target; any declared one may be chosen.
    const target = within(dialog).getByRole('button', {
      name: /Target version/,
    });
    expect(target).toHaveTextContent('1.0.0 (in force)');
    await userEvent.click(target);
    await userEvent.click(await screen.findByRole('option', { name: '1.1.0' }));
    expect(target).toHaveTextContent('1.1.0');
    expect(
      within(dialog).getByRole('radio', { name: 'All tenants behind 1.1.0' }),
    ).toBeChecked();

    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Selected tenants' }),
    );
    await userEvent.click(
      await within(dialog).findByRole('checkbox', {
        name: /^Alpha Analytics \(alpha, on 1\.0\.0\)/,
      }),
    );
    // Searched on the server; the chosen tenants stay listed.
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Find tenants' }),
      'beta',
    );
    await waitFor(() =>
      expect(
        within(dialog).queryByRole('checkbox', { name: /^Gamma Labs/ }),
      ).not.toBeInTheDocument(),
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /^Beta Insights/ }),
    );
    expect(
      within(dialog).getByRole('checkbox', { name: /^Alpha Analytics/ }),
    ).toBeChecked();
    expect(listTenants).toHaveBeenCalledWith({
      search: 'beta',
      limit: 100,
      orderBy: 'name',
      order: 'asc',
    });
    // A tenant already on the target cannot be chosen.
    await userEvent.clear(
      within(dialog).getByRole('textbox', { name: 'Find tenants' }),
    );
    expect(
      await within(dialog).findByRole('checkbox', {
        name: 'Gamma Labs (gamma, already on 1.1.0)',
      }),
    ).toBeDisabled();
    const waveSize = within(dialog).getByRole('spinbutton', {
      name: /Wave size/,
    });
    await userEvent.clear(waveSize);
    await userEvent.type(waveSize, '1');
    const pause = within(dialog).getByRole('spinbutton', {
      name: /Pause between waves/,
    });
    await userEvent.clear(pause);
    await userEvent.type(pause, '0');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Security fixes of 1.1.0',
    );
    expect(within(dialog).getByTestId('rollout-summary')).toHaveTextContent(
      'Upgrades 2 tenant(s) to 1.1.0 in 2 wave(s).',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start rollout' }),
    );

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(startRollout).toHaveBeenCalledWith({
      targetVersion: '1.1.0',
      tenantIds: [TENANT_A, TENANT_B],
      waveSize: 1,
      pauseSeconds: 0,
      maxFailures: 1,
      reason: 'Security fixes of 1.1.0',
    });
    // The new rollout's page.
    expect(await screen.findByText('Rollout to 1.1.0')).toBeVisible();
    expect(getRollout).toHaveBeenCalledWith(ROLLOUT_ID);
  });

  it('opens the start dialog at once from the Tenants page’s link, and shows problems next to their fields', async () => {
    const startRollout = jest
      .fn()
      .mockRejectedValueOnce(
        await inputError('Invalid rollout: waveSize must be at most 500', [
          { field: 'waveSize', message: 'waveSize must be at most 500' },
        ]),
      )
      .mockRejectedValueOnce(
        await inputError(
          'maxFailures may not exceed the number of tenants (2)',
        ),
      )
      .mockRejectedValueOnce(
        await inputError('No tenant is behind platform version 1.1.0'),
      );
    await render({ api: fakeApi({ startRollout }), path: '/rollouts?start=1' });

    const dialog = await screen.findByRole('dialog', {
      name: 'Start a rollout',
    });
    // The version in force, and how many tenants are behind it.
    expect(
      within(dialog).getByRole('button', { name: /Target version/ }),
    ).toHaveTextContent('1.1.0 (in force)');
    expect(within(dialog).getByTestId('rollout-summary')).toHaveTextContent(
      'Upgrades 2 tenant(s) to 1.1.0 in 1 wave(s).',
    );
    const start = within(dialog).getByRole('button', { name: 'Start rollout' });
    // Checked here first, with the Tenant Service's own rules.
    const waveSize = within(dialog).getByRole('spinbutton', {
      name: /Wave size/,
    });
    await userEvent.clear(waveSize);
    await userEvent.type(waveSize, '0');
    expect(
      within(dialog).getByText('waveSize must be at least 1'),
    ).toBeVisible();
    await userEvent.click(start);
    expect(startRollout).not.toHaveBeenCalled();
    // A selection without tenants is pointed out once Start is pressed.
    await userEvent.clear(waveSize);
    await userEvent.type(waveSize, '2');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Selected tenants' }),
    );
    await within(dialog).findByRole('checkbox', { name: /^Alpha/ });
    await userEvent.click(start);
    expect(
      within(dialog).getByText('Select at least one tenant'),
    ).toBeVisible();
    expect(startRollout).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /^All tenants behind/ }),
    );

    // The Tenant Service's refusals, by field …
    await userEvent.click(start);
    expect(
      await within(dialog).findByText('waveSize must be at most 500'),
    ).toBeVisible();
    expect(waveSize).toHaveAttribute('aria-invalid', 'true');
    // … or by the field its message names …
    await userEvent.click(start);
    expect(
      await within(dialog).findByText(
        'maxFailures may not exceed the number of tenants (2)',
      ),
    ).toBeVisible();
    expect(
      within(dialog).queryByText('waveSize must be at most 500'),
    ).not.toBeInTheDocument();
    // … or for the whole form.
    await userEvent.click(start);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No tenant is behind platform version 1.1.0',
    );
    expect(startRollout).toHaveBeenCalledTimes(3);
  });

  it('shows a rollout wave by wave, with state, version, change request and task log, kept current by signals', async () => {
    const signals = fakeSignals();
    let rollout: RolloutDetail = buildRolloutDetail();
    const getRollout = jest.fn(async () => rollout);
    await render({
      api: fakeApi({ getRollout }),
      path: `/rollouts/${ROLLOUT_ID}`,
      signals,
    });

    expect(await screen.findByText('Wave 1 of 2: running')).toBeVisible();
    expect(screen.getByText('Wave 2 of 2: waiting')).toBeVisible();
    expect(screen.getByTestId('rollout-progress')).toHaveTextContent(
      '0/2 upgraded',
    );
    expect(screen.getByTestId('rollout-wave')).toHaveTextContent('Wave 1 of 2');
    const alpha = row('Alpha Analytics');
    expect(alpha.getByText('Upgrading')).toBeVisible();
    expect(alpha.getByText('1.0.0')).toBeVisible();
    expect(alpha.getByRole('link', { name: 'Task log' })).toHaveAttribute(
      'href',
      `/create/tasks/${UPGRADE_TASK_ID}`,
    );
    expect(
      alpha.getByRole('link', { name: 'Change requests' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/alpha/change-requests',
    );
    expect(row('Beta Insights').getByText('Pending')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeVisible();

    // Alpha is upgraded; the rollout waits before wave 2.
    const nextWaveAt = '2026-12-07T10:05:00.000Z';
    rollout = buildRolloutDetail({
      currentWave: 1,
      nextWaveAt,
      counts: counts({ upgraded: 1, pending: 1 }),
      tenants: [
        rolloutTenant({ state: 'upgraded' }),
        { ...rollout.tenants[1] },
      ],
    });
    // A signal of another rollout changes nothing.
    signals.publish(ROLLOUTS_SIGNAL_CHANNEL, {
      rolloutId: 'another',
      state: 'running',
    });
    expect(getRollout).toHaveBeenCalledTimes(1);
    signals.publish(ROLLOUTS_SIGNAL_CHANNEL, {
      rolloutId: ROLLOUT_ID,
      state: 'running',
    });
    expect(await screen.findByText('Wave 1 of 2: done')).toBeVisible();
    expect(
      screen.getByText(
        `Wave 2 of 2: waiting until ${new Date(nextWaveAt).toLocaleString()}`,
      ),
    ).toBeVisible();
    expect(row('Alpha Analytics').getByText('Upgraded')).toBeVisible();

    // Both upgraded: completed, nothing left to pause or cancel.
    rollout = buildRolloutDetail({
      state: 'completed',
      currentWave: 2,
      counts: counts({ upgraded: 2 }),
      finishedAt: '2026-12-07T10:06:00.000Z',
      tenants: [
        rolloutTenant({ state: 'upgraded' }),
        { ...rollout.tenants[1], state: 'upgraded' },
      ],
    });
    signals.publish(ROLLOUTS_SIGNAL_CHANNEL, {
      rolloutId: ROLLOUT_ID,
      state: 'completed',
    });
    expect(await screen.findByText('Completed')).toBeVisible();
    expect(screen.getByTestId('rollout-state')).toHaveAttribute(
      'data-state',
      'completed',
    );
    expect(screen.getByText('Wave 2 of 2: done')).toBeVisible();
    expect(screen.getByTestId('rollout-progress')).toHaveTextContent(
      '2/2 upgraded',
    );
    expect(
      screen.queryByRole('button', { name: 'Pause' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '← All rollouts' }),
    ).toHaveAttribute('href', '/rollouts');
  });

  it('pauses, resumes and, after a confirmation, cancels a rollout, showing a conflict', async () => {
    const pauseRollout = jest.fn(async () =>
      buildRolloutDetail({ state: 'paused' }),
    );
    const resumeRollout = jest
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('Request failed with 409'), {
          body: {
            error: {
              message: `Rollout ${ROLLOUT_ID} is cancelled; it cannot be resumed`,
            },
          },
        }),
      )
      .mockResolvedValueOnce(buildRolloutDetail({ state: 'running' }));
    const cancelRollout = jest.fn(async () =>
      buildRolloutDetail({
        state: 'cancelled',
        stateReason: 'Cancelled by platform-admin',
        tenants: [
          rolloutTenant({ state: 'upgrading' }),
          rolloutTenant({
            tenantId: TENANT_B,
            tenantSlug: 'beta',
            tenantName: 'Beta Insights',
            wave: 1,
            state: 'skipped',
          }),
        ],
      }),
    );
    await render({
      api: fakeApi({ pauseRollout, resumeRollout, cancelRollout }),
      path: `/rollouts/${ROLLOUT_ID}`,
    });

    await userEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(pauseRollout).toHaveBeenCalledWith(ROLLOUT_ID);
    expect(await screen.findByText('Paused')).toBeVisible();
    expect(screen.getByText('Wave 2 of 2: paused')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(
      await screen.findByText(
        `Rollout ${ROLLOUT_ID} is cancelled; it cannot be resumed`,
      ),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(await screen.findByRole('button', { name: 'Pause' })).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const confirm = screen.getByRole('dialog', {
      name: 'Cancel the rollout to 1.1.0?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Keep rolling out' }),
    );
    await waitFor(() => expect(confirm).not.toBeInTheDocument());
    expect(cancelRollout).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(
      within(
        screen.getByRole('dialog', { name: 'Cancel the rollout to 1.1.0?' }),
      ).getByRole('button', { name: 'Cancel rollout' }),
    );
    expect(cancelRollout).toHaveBeenCalledWith(ROLLOUT_ID);
    expect(
      await screen.findByText('Cancelled by platform-admin'),
    ).toBeVisible();
    expect(screen.getByText('Wave 2 of 2: skipped')).toBeVisible();
    expect(row('Beta Insights').getByText('Skipped')).toBeVisible();
  });

  it('shows why a rollout stopped and retries a failed tenant’s upgrade', async () => {
    const failed = buildRolloutDetail({
      state: 'stopped',
      stateReason: '1 tenant(s) failed: the rollout stopped',
      counts: counts({ failed: 1, pending: 1 }),
      tenants: [
        rolloutTenant({
          state: 'failed',
          changeRequestId: 'cr-alpha',
          scaffolderTaskId: UPGRADE_TASK_ID,
          errorMessage: 'deployment/ai-engine: CrashLoopBackOff',
        }),
        rolloutTenant({
          tenantId: TENANT_B,
          tenantSlug: 'beta',
          tenantName: 'Beta Insights',
          wave: 1,
        }),
      ],
    });
    const retryRolloutTenant = jest.fn(async () =>
      buildRolloutDetail({ state: 'stopped' }),
    );
    await render({
      api: fakeApi({
        getRollout: async () => failed,
        retryRolloutTenant,
      }),
      path: `/rollouts/${ROLLOUT_ID}`,
    });

    expect(await screen.findByText('Stopped')).toBeVisible();
    expect(
      screen.getByText('1 tenant(s) failed: the rollout stopped'),
    ).toBeVisible();
    const alpha = row('Alpha Analytics');
    expect(
      alpha.getByText('deployment/ai-engine: CrashLoopBackOff'),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeVisible();
    expect(
      row('Beta Insights').queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();

    await userEvent.click(alpha.getByRole('button', { name: 'Retry' }));
    expect(retryRolloutTenant).toHaveBeenCalledWith(ROLLOUT_ID, TENANT_A);
    expect(await row('Alpha Analytics').findByText('Upgrading')).toBeVisible();
  });

  it('returns a failed tenant to its previous version after a confirmation', async () => {
    const failed = buildRolloutDetail({
      state: 'stopped',
      tenants: [rolloutTenant({ state: 'failed', errorMessage: 'Timed out' })],
      waves: 1,
    });
    const revertRolloutTenant = jest.fn(async () => ({
      ...failed,
      tenants: [rolloutTenant({ state: 'reverting' })],
    }));
    await render({
      api: fakeApi({ getRollout: async () => failed, revertRolloutTenant }),
      path: `/rollouts/${ROLLOUT_ID}`,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Return to 1.0.0' }),
    );
    const confirm = screen.getByRole('dialog', {
      name: 'Return Alpha Analytics to 1.0.0?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Return to 1.0.0' }),
    );
    expect(revertRolloutTenant).toHaveBeenCalledWith(ROLLOUT_ID, TENANT_A);
    expect(await row('Alpha Analytics').findByText('Reverting')).toBeVisible();
    expect(screen.getByText('Wave 1 of 1: running')).toBeVisible();
  });
});
