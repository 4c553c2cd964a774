import { expect, test } from '@playwright/test';

test.describe('tenant portal', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    // Development sign-in: the guest provider signs in as the example platform admin.
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page.getByRole('heading', { name: 'Data Platform Catalog' }),
    ).toBeVisible();
  });

  test('signs in as the development platform admin', async ({ page }) => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByText('user:default/platform-admin')).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'platform-admins' }),
    ).toBeVisible();
  });

  test('offers the tenant provisioning template under Create', async ({
    page,
  }) => {
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Create', exact: true })
      .click();
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
