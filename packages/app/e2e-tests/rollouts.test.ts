import { expect, test, type Page } from '@playwright/test';
import {
  openTenantTab,
  screenshot as screenshotAs,
  signInAs,
} from './support/app';
import { deleteTenantNamespaces, kubectl } from './support/cluster';
import { uniqueSuffix as unique } from './support/unique';
import { PROVISIONING_TIMEOUT, provisionThroughWizard } from './support/wizard';

/**
 * Platform version rollouts end to end, in Chromium against the real app
 * and backend on the local Kubernetes control plane.
 *
 * app-config.yaml declares the platform versions 1.0.0 (in force: every
 * tenant these tests provision runs it) and 1.1.0 (declared, not yet in
 * force). A rollout may target any declared version, so the platform admin
 * takes two freshly provisioned tenants to 1.1.0 from the Rollouts page,
 * waves of one tenant without a pause, and watches both reach Upgraded and
 * the rollout Completed, live; the tenants' objects then run 1.1.0's images.
 *
 * Run with
 * `KUBECONFIG=<kubeconfig> TENANTS_TEST_KUBECONFIG=<kubeconfig> yarn playwright test packages/app/e2e-tests/rollouts.test.ts`.
 */

/** The newest version app-config.yaml declares (`tenants.platformVersions`). */
const TARGET = '1.1.0';
const IN_FORCE = '1.0.0';
/** The wizard derives the slug from the name. */
const tenants = [
  { slug: `e2erollouta${unique}`, name: `E2E Rollout A ${unique}` },
  { slug: `e2erolloutb${unique}`, name: `E2E Rollout B ${unique}` },
];
/** One upgrade is a `tenant-change` scaffolder task: 10 to 40 s locally. */
const UPGRADE_TIMEOUT = 3 * 60_000;

const screenshot: typeof screenshotAs = (page, testInfo, name) =>
  screenshotAs(page, testInfo, `rollouts-${name}`);

/** On the open start dialog: ticks a tenant, found by its slug. */
async function selectTenant(
  page: Page,
  tenant: { slug: string; name: string },
) {
  const dialog = page.getByRole('dialog', { name: 'Start a rollout' });
  await dialog.getByRole('textbox', { name: 'Find tenants' }).fill(tenant.slug);
  await dialog
    .getByRole('checkbox', {
      name: `${tenant.name} (${tenant.slug}, on ${IN_FORCE})`,
    })
    .check();
}

function tenantConfigImage(slug: string): string {
  return kubectl([
    'get',
    'deployment/tenant-config',
    '-n',
    `tenant-${slug}`,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
}

test.describe('platform version rollouts', () => {
  test.afterAll(() => deleteTenantNamespaces(tenants.map(t => t.slug)));

  test('a rollout run from the Rollouts page', async ({ page }, testInfo) => {
    test.setTimeout(2 * PROVISIONING_TIMEOUT + 2 * UPGRADE_TIMEOUT);
    await signInAs(page, 'Platform admin');

    // Two ready tenants on the version in force.
    for (const tenant of tenants) {
      await provisionThroughWizard(page, {
        ...tenant,
        adminEmail: 'platform-admin@example.com',
      });
    }
    for (const tenant of tenants) {
      await openTenantTab(page, tenant.slug);
      await expect(page.getByLabel('Percent complete')).toHaveText('100 %', {
        timeout: PROVISIONING_TIMEOUT,
      });
      await expect(page.getByTestId('tenant-platform-version')).toContainText(
        `Runs platform version ${IN_FORCE}. The version in force.`,
      );
      expect(tenantConfigImage(tenant.slug)).not.toMatch(/:1\.1\.0$/);
    }

    // The Rollouts page, from the sidebar.
    await page.goto('/tenants');
    await page.getByRole('link', { name: 'Rollouts', exact: true }).click();
    await expect(page).toHaveURL(/\/rollouts$/);
    await expect(page.getByTestId('platform-summary')).toContainText(
      `Platform version in force: ${IN_FORCE} (declared: ${IN_FORCE}, ${TARGET}).`,
    );

    // Start: the newest version, the two tenants, waves of one, no pause.
    await page.getByRole('button', { name: 'Start rollout' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a rollout' });
    const target = dialog.getByRole('button', { name: /Target version/ });
    await expect(target).toHaveText(`${IN_FORCE} (in force)`);
    await target.click();
    await page.getByRole('option', { name: TARGET, exact: true }).click();
    await expect(target).toHaveText(TARGET);
    await dialog.getByRole('radio', { name: 'Selected tenants' }).check();
    for (const tenant of tenants) await selectTenant(page, tenant);
    await expect(dialog.getByText('2 selected')).toBeVisible();
    await dialog.getByRole('spinbutton', { name: /Wave size/ }).fill('1');
    await dialog
      .getByRole('spinbutton', { name: /Pause between waves/ })
      .fill('0');
    await dialog
      .getByRole('spinbutton', { name: /Stop after failures/ })
      .fill('1');
    await dialog
      .getByRole('textbox', { name: /Reason/ })
      .fill(`E2E rollout ${unique}`);
    await expect(dialog.getByTestId('rollout-summary')).toHaveText(
      `Upgrades 2 tenant(s) to ${TARGET} in 2 wave(s).`,
    );
    await screenshot(page, testInfo, 'start-dialog');
    await dialog.getByRole('button', { name: 'Start rollout' }).click();
    await expect(dialog).toBeHidden();

    // The new rollout opens; signals follow it wave by wave.
    await expect(page).toHaveURL(/\/rollouts\/[^/?]+$/);
    await expect(
      page.getByText(`Rollout to ${TARGET}`, { exact: true }),
    ).toBeVisible();
    await screenshot(page, testInfo, 'running');
    for (const [wave, tenant] of tenants.entries()) {
      const row = page
        .getByRole('table', { name: `Wave ${wave + 1} of 2` })
        .getByRole('row', { name: tenant.name });
      await expect(row.getByRole('cell').nth(2)).toHaveText(IN_FORCE);
      await expect(row).toHaveAttribute('data-state', 'upgraded', {
        timeout: UPGRADE_TIMEOUT,
      });
      await expect(row.getByText('Upgraded', { exact: true })).toBeVisible();
      await expect(row.getByRole('link', { name: 'Task log' })).toHaveAttribute(
        'href',
        /^\/create\/tasks\/[^/]+$/,
      );
      await expect(
        row.getByRole('link', { name: 'Change requests' }),
      ).toHaveAttribute(
        'href',
        `/catalog/default/resource/${tenant.slug}/change-requests`,
      );
    }
    await expect(page.getByTestId('rollout-state')).toHaveAttribute(
      'data-state',
      'completed',
      { timeout: UPGRADE_TIMEOUT },
    );
    await expect(page.getByText('Completed', { exact: true })).toBeVisible();
    await expect(page.getByTestId('rollout-progress')).toHaveText(
      '2/2 upgraded',
    );
    await expect(page.getByText('Wave 1 of 2: done')).toBeVisible();
    await expect(page.getByText('Wave 2 of 2: done')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    await screenshot(page, testInfo, 'completed');

    // The list of rollouts has it as completed.
    await page.getByRole('link', { name: '← All rollouts' }).click();
    const listed = page
      .getByRole('table', { name: 'Rollouts' })
      .getByRole('row')
      .filter({ hasText: '2/2 upgraded' })
      .first();
    await expect(listed).toHaveAttribute('data-state', 'completed');
    await expect(listed.getByRole('link', { name: TARGET })).toBeVisible();

    // On the cluster, the tenants' objects run 1.1.0's images.
    for (const tenant of tenants) {
      expect(tenantConfigImage(tenant.slug)).toBe(
        `registry.tenants.dev/platform/tenant-config:${TARGET}`,
      );
    }

    // The Tenants page lists both on the new version, not behind.
    await page.goto('/tenants');
    for (const tenant of tenants) {
      const searched = page.waitForResponse(
        response =>
          response.url().includes('/api/tenants/v1/tenants?') &&
          response.url().includes(`search=${tenant.slug}`),
      );
      await page.getByRole('textbox', { name: 'Search' }).fill(tenant.slug);
      await searched;
      const version = page
        .getByRole('row', { name: new RegExp(tenant.slug) })
        .getByTestId('platform-version');
      await expect(version).toHaveText(TARGET);
      await expect(version).toHaveAttribute('data-behind', 'false');
    }
    await screenshot(page, testInfo, 'tenants-page');
  });
});
