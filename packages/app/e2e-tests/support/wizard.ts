import net from 'node:net';
import { expect, type Page } from '@playwright/test';
import { chooseOption } from './app';

/** Whether the test PostgreSQL answers, for the wizard's "Test connection". */
export function postgresTarget(): Promise<
  { host: string; port: number } | undefined
> {
  const url = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
      'postgresql://postgres:postgres@127.0.0.1:54329',
  );
  const target = { host: url.hostname, port: Number(url.port || 5432) };
  return new Promise(resolve => {
    const socket = net.connect(target);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok ? target : undefined);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Runs the provisioning wizard (steps 1 to 6) and starts the task; returns
 * the scaffolder task id from the task page (step 7).
 */
export async function provisionThroughWizard(
  page: Page,
  tenant: {
    name: string;
    slug: string;
    adminEmail: string;
    dataSource?: { host: string; port: number; testConnection: boolean };
  },
): Promise<string> {
  await page.goto('/create/templates/default/tenant-provisioning');

  // Step 1: Tenant Details. The slug follows the name.
  await page.getByLabel(/^Tenant name/).fill(tenant.name);
  await expect(page.getByLabel(/^Slug/)).toHaveValue(tenant.slug);
  await expect(page.getByText(`'${tenant.slug}' is available`)).toBeVisible();
  await chooseOption(page, /Billing tier/, 'Professional');
  await page.getByLabel(/^Admin email/).fill(tenant.adminEmail);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: Infrastructure, on the defaults (Azure, Nearest, Medium).
  await expect(page.getByText(/^Nearest resolves to region/)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: Data Sources.
  await expect(
    page.getByRole('button', { name: 'Add data source' }),
  ).toBeVisible();
  if (tenant.dataSource) {
    await page.getByRole('button', { name: 'Add data source' }).click();
    const source = page.getByRole('group', { name: 'Data source 1' });
    await source.getByLabel(/^Name/).fill('warehouse');
    await source.getByLabel(/^Host/).fill(tenant.dataSource.host);
    await source.getByLabel(/^Port/).fill(String(tenant.dataSource.port));
    await source.getByLabel(/^Database/).fill('postgres');
    await source.getByLabel(/^User/).fill('postgres');
    await source.getByLabel(/^Password/).fill('postgres');
    await source.getByRole('button', { name: /^TLS mode/ }).click();
    await page.getByRole('option', { name: /^disable/i }).click();
    if (tenant.dataSource.testConnection) {
      await source.getByRole('button', { name: 'Test connection' }).click();
      await expect(
        source.getByText(/^Connection succeeded: Connected to PostgreSQL/),
      ).toBeVisible();
    }
  }
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: Service Selection, with the seed's defaults (Core, BI, Context Graph).
  await expect(
    page.getByRole('checkbox', { name: /Core \(AI \+ Agents\)/ }),
  ).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 5: Security, on the defaults.
  await expect(page.getByRole('button', { name: 'Add range' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 6: Review, with the server-side dry run.
  await expect(page.getByText(/^The dry run passed:/)).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Provision' }).click();
  await page.getByRole('button', { name: 'Start provisioning' }).click();

  // Step 7: the scaffolder's task page.
  await page.waitForURL(/\/create\/tasks\/[^/]+$/);
  return page.url().split('/').pop()!;
}

/** How long provisioning a tenant on the local cluster may take. */
export const PROVISIONING_TIMEOUT = 4 * 60_000;
