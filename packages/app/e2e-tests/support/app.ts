import {
  expect,
  type Browser,
  type Page,
  type TestInfo,
} from '@playwright/test';

export type ExampleUser = 'Platform admin' | 'Tenant admin';

/** Development sign-in (app-config.yaml auth.providers.development). */
export async function signInAs(page: Page, user: ExampleUser) {
  await page.goto('/');
  await page.getByRole('button', { name: `Sign in as ${user}` }).click();
  // Right after start-up the backend may still be starting: the sign-in page
  // then offers "Try again".
  const catalog = page.getByRole('heading', { name: 'Data Platform Catalog' });
  const tryAgain = page.getByRole('button', { name: 'Try again' });
  await expect(async () => {
    if (await tryAgain.isVisible()) {
      await tryAgain.click();
    }
    await expect(catalog).toBeVisible({ timeout: 5_000 });
    // A cold backend on a busy machine takes a while to ingest examples/org.yaml.
  }).toPass({ timeout: 180_000 });
}

/** A full-page screenshot in test-results/e2e, attached to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = `test-results/e2e/${name}.png`;
  const body = await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

export async function chooseOption(page: Page, label: RegExp, option: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Opens the Tenant tab of a tenant's catalog entity, once the catalog has it. */
export async function openTenantTab(page: Page, slug: string) {
  const heading = page.getByText('Phase timeline', { exact: true });
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${slug}/tenant`);
    await expect(heading).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
}

export const timelineRow = (page: Page, phase: string) =>
  page
    .getByRole('list', { name: 'Phase timeline' })
    .getByRole('listitem', { name: new RegExp(`^${phase}: `) });

export async function newSignedInPage(browser: Browser, user: ExampleUser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, user);
  return page;
}
