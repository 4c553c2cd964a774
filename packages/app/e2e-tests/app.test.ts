import { expect, Page, test } from '@playwright/test';
import { signInAs } from './support/app';

/** Settings shows the signed-in user: profile, catalog entity and ownership. */
async function openSettingsOf(
  page: Page,
  user: { name: string; displayName: string; email: string },
) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(
    page.getByRole('heading', { name: user.displayName, exact: true }),
  ).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await expect(
    page
      .getByRole('heading', { name: /^User Entity:/ })
      .getByRole('link', { name: user.displayName }),
  ).toHaveAttribute('href', `/catalog/default/user/${user.name}`);
  return page.getByRole('heading', { name: /^Ownership Entities:/ });
}

const platformAdmin = {
  name: 'platform-admin',
  displayName: 'Pat Platform (platform admin)',
  email: 'platform-admin@example.com',
};
const tenantAdmin = {
  name: 'tenant-admin',
  displayName: 'Terry Tenant (tenant admin)',
  email: 'admin@acme.example',
};

async function openCreatePage(page: Page) {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: 'Create', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Create' })).toBeVisible();
}

test.describe('tenant portal', () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, 'Platform admin');
  });

  test('signs in as the development platform admin', async ({ page }) => {
    const ownership = await openSettingsOf(page, platformAdmin);
    await expect(
      ownership.getByRole('link', { name: 'platform-admins' }),
    ).toBeVisible();
  });

  test('offers the tenant provisioning template under Create', async ({
    page,
  }) => {
    await openCreatePage(page);
    await expect(page.getByText('Tenant provisioning')).toBeVisible();
    await expect(
      page.getByText(/Create a tenant of the data platform/),
    ).toBeVisible();
    await page.screenshot({
      path: 'test-results/e2e/create-page.png',
      fullPage: true,
    });
  });

  test('shows the Tenants page from the sidebar', async ({ page }) => {
    await page.getByRole('link', { name: 'Tenants' }).click();
    await expect(
      page.getByRole('heading', { name: 'Tenants' }).first(),
    ).toBeVisible();
    await expect(page.getByText(/No tenants yet/)).toBeVisible();
  });
});

test.describe('development sign-in', () => {
  test('offers the platform admin and the tenant admin', async ({ page }) => {
    await page.goto('/');
    for (const user of ['Platform admin', 'Tenant admin']) {
      await expect(
        page.getByRole('button', { name: `Sign in as ${user}` }),
      ).toBeVisible();
    }
    await expect(page.getByText(/Member of platform-admins/)).toBeVisible();
    await expect(
      page.getByText(/Admin of the example tenant acme/),
    ).toBeVisible();
    await page.screenshot({
      path: 'test-results/e2e/sign-in-page.png',
      fullPage: true,
    });
  });

  test('signs in as the tenant admin, who is shown in Settings', async ({
    page,
  }) => {
    await signInAs(page, 'Tenant admin');
    const ownership = await openSettingsOf(page, tenantAdmin);
    await expect(
      ownership.getByRole('link', { name: tenantAdmin.displayName }),
    ).toBeVisible();
    await expect(
      ownership.getByRole('link', { name: 'platform-admins' }),
    ).toHaveCount(0);
    await page.screenshot({
      path: 'test-results/e2e/settings-tenant-admin.png',
      fullPage: true,
    });
  });

  test('offers the tenant admin the data-source template but not the provisioning template', async ({
    page,
  }) => {
    await signInAs(page, 'Tenant admin');
    // The catalog shows, but the permission policy hides templates tagged
    // platform-admin from everyone outside group:default/platform-admins:
    // the tenant admin gets only the data-source change template.
    await expect(
      page.getByRole('link', { name: 'tenant-platform' }),
    ).toBeVisible();
    await openCreatePage(page);
    await expect(
      page.getByText("Change a tenant's data sources", { exact: true }),
    ).toBeVisible();
    await expect(page.getByText('Tenant provisioning')).toHaveCount(0);
    await page.screenshot({
      path: 'test-results/e2e/create-page-tenant-admin.png',
      fullPage: true,
    });
  });

  test('keeps the chosen user across reloads until signing out', async ({
    page,
  }) => {
    await signInAs(page, 'Tenant admin');
    await page.reload();
    await expect(
      page.getByRole('heading', { name: 'Data Platform Catalog' }),
    ).toBeVisible();
    await openSettingsOf(page, tenantAdmin);

    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Sign Out' }).click();
    await expect(
      page.getByRole('button', { name: 'Sign in as Tenant admin' }),
    ).toBeVisible();

    // Switch to the platform admin.
    await signInAs(page, 'Platform admin');
    await openSettingsOf(page, platformAdmin);
  });
});
