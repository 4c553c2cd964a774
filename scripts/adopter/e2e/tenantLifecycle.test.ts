import { expect, test, type Browser } from '@playwright/test';
import {
  openTenantTab,
  screenshot,
} from '../../../packages/app/e2e-tests/support/app';
import {
  approveLargeWithMlPlatform,
  fileLargeWithMlPlatform,
  openChangeRequestsTab,
} from '../../../packages/app/e2e-tests/support/changeRequests';
import { deleteTenantNamespaces } from '../../../packages/app/e2e-tests/support/cluster';
import { uniqueSuffix } from '../../../packages/app/e2e-tests/support/unique';
import {
  PROVISIONING_TIMEOUT,
  provisionThroughWizard,
} from '../../../packages/app/e2e-tests/support/wizard';
import PEOPLE from './portal.json';

/**
 * The product in a portal made with @backstage/create-app and set up by
 * docs/install.md alone (its own-policy variant), as its people use it: a
 * platform admin provisions a tenant with the packaged template, its Tenant
 * tab shows the status, and the tenant's admin, signed in before the tenant
 * existed, files a change request that the platform admin approves.
 */

const slug = `adopter${uniqueSuffix}`;
const name = `Adopter ${uniqueSuffix}`;
const APPLY_TIMEOUT = 3 * 60_000;

/**
 * Signs a person in as the portal's authenticating proxy would: every
 * request carries the proxy's headers. Retries while the backend starts.
 */
async function signedInBehindProxy(browser: Browser, user: string) {
  const context = await browser.newContext({
    extraHTTPHeaders: {
      'x-forwarded-user': user,
      'x-forwarded-email': `${user}@example.com`,
    },
  });
  const page = await context.newPage();
  const tenants = page.getByRole('link', { name: 'Tenants' });
  await expect(async () => {
    await page.goto('/');
    await expect(tenants).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  return page;
}

test.afterAll(() => deleteTenantNamespaces([slug]));

test('a platform admin provisions a tenant; its admin, signed in before, files a change the platform admin approves', async ({
  browser,
}, testInfo) => {
  test.setTimeout(PROVISIONING_TIMEOUT + APPLY_TIMEOUT + 5 * 60_000);
  const tenantAdmin = await signedInBehindProxy(
    browser,
    PEOPLE.tenantAdmin.name,
  );
  const platformAdmin = await signedInBehindProxy(
    browser,
    PEOPLE.platformAdmin.name,
  );

  await provisionThroughWizard(platformAdmin, {
    name,
    slug,
    adminEmail: `${PEOPLE.tenantAdmin.name}@example.com`,
  });
  await openTenantTab(platformAdmin, slug);
  await expect(platformAdmin.getByLabel('Percent complete')).toHaveText(
    '100 %',
    { timeout: PROVISIONING_TIMEOUT },
  );
  await screenshot(platformAdmin, testInfo, 'adopter-tenant-ready');

  // The tenant admin's token predates the tenant and its admins group.
  await openChangeRequestsTab(tenantAdmin, slug);
  const filed = await fileLargeWithMlPlatform(tenantAdmin, name, {
    reason: 'More room for the quarter-end reports',
  });

  await approveLargeWithMlPlatform(platformAdmin, name, {
    comment: 'Approved',
  });
  await expect(filed).toHaveAttribute('data-status', 'applied', {
    timeout: APPLY_TIMEOUT,
  });
  await filed.getByRole('button', { name: /resource tier/ }).click();
  await expect(filed.getByTestId('change-decision')).toContainText(
    `Approved by ${PEOPLE.platformAdmin.name}`,
  );
  await expect(
    tenantAdmin
      .getByRole('table', { name: 'Spec versions' })
      .getByRole('row', { name: /^2 \(current\) large / }),
  ).toBeVisible();
  await screenshot(tenantAdmin, testInfo, 'adopter-change-applied');
});
