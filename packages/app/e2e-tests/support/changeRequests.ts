import { expect, type Locator, type Page } from '@playwright/test';

/** The Change requests tab of a tenant's entity, once the catalog has it. */
export async function openChangeRequestsTab(page: Page, slug: string) {
  const card = page.getByText('Spec versions', { exact: true });
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${slug}/change-requests`);
    await expect(card).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
}

/** A change request in the list on the page, by its accessible name. */
export const requestItem = (page: Page, label: RegExp) =>
  page
    .getByRole('list', { name: 'Change requests' })
    .getByRole('listitem', { name: label });

/** What {@link fileLargeWithMlPlatform} asks for, as the request lists it. */
export const LARGE_WITH_ML_PLATFORM =
  'resource tier medium → large, enable ML Platform';

/**
 * On the tenant's open Change requests tab: asks for the Large tier and ML
 * Platform. `beforeFiling` sees the filled-in form (for screenshots).
 */
export async function fileLargeWithMlPlatform(
  page: Page,
  tenantName: string,
  options: { reason: string; beforeFiling?: (form: Locator) => Promise<void> },
) {
  await page.getByRole('button', { name: 'Request a change' }).click();
  const form = page.getByRole('dialog', {
    name: `Request a change to ${tenantName}`,
  });
  await form.getByRole('button', { name: /Resource tier/ }).click();
  await page.getByRole('option', { name: /^Large/ }).click();
  await form.getByRole('checkbox', { name: /^ML Platform/ }).check();
  await form.getByRole('textbox', { name: /Reason/ }).fill(options.reason);
  await expect(form.getByTestId('change-summary')).toHaveText(
    `Requested: ${LARGE_WITH_ML_PLATFORM}`,
  );
  await options.beforeFiling?.(form);
  await form.getByRole('button', { name: 'File request' }).click();
  await expect(form).toBeHidden();
  const filed = requestItem(page, new RegExp(`^${LARGE_WITH_ML_PLATFORM}$`));
  await expect(filed).toHaveAttribute('data-status', 'pending');
  return filed;
}

/**
 * On the Tenants page, a platform admin approves the pending request for
 * {@link fileLargeWithMlPlatform}. `onExpanded` sees the opened request,
 * `beforeApproving` the filled-in approval dialog (for assertions and
 * screenshots).
 */
export async function approveLargeWithMlPlatform(
  page: Page,
  tenantName: string,
  options: {
    comment: string;
    onExpanded?: (request: Locator) => Promise<void>;
    beforeApproving?: (dialog: Locator) => Promise<void>;
  },
) {
  await page.goto('/tenants');
  const pending = requestItem(
    page,
    new RegExp(`^${tenantName}: ${LARGE_WITH_ML_PLATFORM}$`),
  );
  await expect(pending).toBeVisible();
  await pending.getByRole('button', { name: /resource tier/ }).click();
  await options.onExpanded?.(pending);
  await pending.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog', {
    name: `Approve the change to ${tenantName}?`,
  });
  await dialog.getByRole('textbox', { name: /Comment/ }).fill(options.comment);
  await options.beforeApproving?.(dialog);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();
  // No longer pending: it left the list of what waits for a decision.
  await expect(pending).toBeHidden();
}
