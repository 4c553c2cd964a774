import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { ROLLOUTS_SIGNAL_CHANNEL } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type TenantsApi } from '../../api/TenantsApi';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { buildPlatformVersions } from '../../__testUtils__/rollouts';
import { buildTenant, TENANT_ID } from '../../__testUtils__/tenants';
import { PlatformVersionCard } from './PlatformVersionCard';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5000 });

function render(options: {
  api: Partial<TenantsApi>;
  platformVersion: string;
  mayRequestChanges?: boolean;
  signals?: ReturnType<typeof fakeSignals>;
}) {
  const tenant = buildTenant({
    state: 'ready',
    platformVersion: options.platformVersion,
  });
  const permission = mockApis.permission({
    authorize:
      options.mayRequestChanges === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <PlatformVersionCard tenant={tenant} />
    </SWRConfig>,
    {
      apis: [
        [tenantsApiRef, options.api],
        [permissionApiRef, permission],
        [signalApiRef, (options.signals ?? fakeSignals()).api],
      ] as any,
    },
  );
}

describe('PlatformVersionCard', () => {
  it('shows a tenant behind the version in force, its images, and previews the upgrade', async () => {
    const previewChanges = jest.fn(async () => ({
      diff: [{ field: 'platformVersion', from: '1.0.0', to: '1.1.0' }],
      objects: {
        tenantId: TENANT_ID,
        cluster: 'local-azure',
        checkedAt: '2026-12-07T10:00:00.000Z',
        state: 'in_sync' as const,
        differences: [],
      },
    }));
    await render({
      api: {
        getPlatformVersions: async () => buildPlatformVersions(),
        previewChanges,
      },
      platformVersion: '1.0.0',
    });

    expect(
      await screen.findByText(/^Runs platform version 1\.0\.0\. Behind/),
    ).toHaveTextContent(
      'Runs platform version 1.0.0. Behind: version 1.1.0 is in force; a rollout upgrades the tenant.',
    );
    expect(
      within(
        screen.getByRole('table', { name: 'Images of the platform version' }),
      ).getByText('registry.example/ai-engine:1.0.0'),
    ).toBeVisible();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview upgrade' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Upgrade Acme Analytics to 1.1.0: what would change',
    });
    expect(
      await within(dialog).findByText(
        'Approval would change no object on cluster local-azure.',
      ),
    ).toBeVisible();
    expect(previewChanges).toHaveBeenCalledWith(TENANT_ID, {
      platformVersion: '1.1.0',
    });
  });

  it('says when the tenant runs the version in force, and reads the versions again after a rollout', async () => {
    const signals = fakeSignals();
    let platform = buildPlatformVersions({ current: '1.0.0' });
    await render({
      api: { getPlatformVersions: async () => platform },
      platformVersion: '1.0.0',
      signals,
    });
    expect(await screen.findByText(/The version in force\./)).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Preview upgrade' }),
    ).not.toBeInTheDocument();

    platform = buildPlatformVersions();
    signals.publish(ROLLOUTS_SIGNAL_CHANNEL, {
      rolloutId: 'r',
      state: 'running',
    });
    expect(
      await screen.findByRole('button', { name: 'Preview upgrade' }),
    ).toBeVisible();
  });

  it('offers no preview to users who may not request changes to the tenant', async () => {
    await render({
      api: { getPlatformVersions: async () => buildPlatformVersions() },
      platformVersion: '1.0.0',
      mayRequestChanges: false,
    });
    expect(await screen.findByText(/Behind: version 1\.1\.0/)).toBeVisible();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Preview upgrade' }),
      ).not.toBeInTheDocument(),
    );
  });
});
