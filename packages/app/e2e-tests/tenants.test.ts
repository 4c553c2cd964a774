import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import {
  expect,
  test,
  type Browser,
  type Page,
  type TestInfo,
} from '@playwright/test';

/**
 * Tenant provisioning end to end, in Chromium against the real app and
 * backend on the local Kubernetes control plane: the wizard, a data-plane
 * failure injected through the cluster's fault ConfigMap
 * (tools/local-cluster/README.md), the failure on the tenant's Tenant tab,
 * retry after the fault is cleared, a rollback that cancels a running task,
 * and what a tenant admin may do.
 *
 * The backend started by Playwright reaches the cluster through KUBECONFIG
 * (app-config.yaml `tenants.clusters`); run with
 * `KUBECONFIG=<kubeconfig> TENANTS_TEST_KUBECONFIG=<kubeconfig> yarn playwright test`.
 */

const kubeconfig =
  process.env.TENANTS_TEST_KUBECONFIG ?? process.env.KUBECONFIG;
if (!kubeconfig) {
  throw new Error(
    'These tests need the local cluster: set TENANTS_TEST_KUBECONFIG (and KUBECONFIG for the backend) ' +
      "to the kubeconfig printed by 'tools/local-cluster/cluster.sh up', or run scripts/test.sh.",
  );
}
const repoRoot = path.resolve(__dirname, '../../..');

const PROVISIONING_TIMEOUT = 4 * 60_000;

const unique = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;
const retrySlug = `e2eretry${unique}`;
const rollbackSlug = `e2erollback${unique}`;

// ---------------------------------------------------------------------------
// The cluster: kubectl with the test kubeconfig, fault ConfigMap entries of
// this run only (server-side apply with a field manager of its own, so that
// other users of the shared cluster keep theirs).
// ---------------------------------------------------------------------------

const FAULTS_NAMESPACE = 'tenant-platform-faults';
const FAULTS_CONFIG_MAP = 'injected-faults';
const FIELD_MANAGER = `e2e-tenants-${unique}`;

function kubectlBinary(): string {
  try {
    const bin = execFileSync(
      path.join(repoRoot, 'tools/local-cluster/build.sh'),
      ['--check'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split('\n')
      .pop();
    if (bin) return path.join(bin, 'kubectl');
  } catch {
    // not built here: use the one on PATH
  }
  return 'kubectl';
}

const KUBECTL = kubectlBinary();

function kubectl(args: string[], input?: string): string {
  return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
  });
}

/** Sets this run's faults (`<slug>.<workload>: <fault>`); `{}` clears them. */
function setFaults(faults: Record<string, 'container-fail' | 'never-ready'>) {
  const manifest = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: FAULTS_NAMESPACE },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: FAULTS_CONFIG_MAP, namespace: FAULTS_NAMESPACE },
        // Without `data` this run's manager lets go of (and so removes) its keys.
        ...(Object.keys(faults).length ? { data: faults } : {}),
      },
    ],
  };
  kubectl(
    [
      'apply',
      '--server-side',
      // Only this run's `<slug>.<workload>` keys are in the manifest.
      '--force-conflicts',
      `--field-manager=${FIELD_MANAGER}`,
      '-f',
      '-',
    ],
    JSON.stringify(manifest),
  );
}

function namespaceExists(name: string): boolean {
  return (
    kubectl([
      'get',
      'namespace',
      name,
      '--ignore-not-found',
      '-o',
      'name',
    ]).trim().length > 0
  );
}

/** Whether the test PostgreSQL answers, for the wizard's "Test connection". */
function postgresTarget(): Promise<{ host: string; port: number } | undefined> {
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

// ---------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------

type ExampleUser = 'Platform admin' | 'Tenant admin';

/** Development sign-in (app-config.yaml auth.providers.development). */
async function signInAs(page: Page, user: ExampleUser) {
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
  }).toPass({ timeout: 90_000 });
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = `test-results/e2e/tenants-${name}.png`;
  const body = await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function chooseOption(page: Page, label: RegExp, option: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Runs the provisioning wizard (steps 1 to 6) and starts the task; returns
 * the scaffolder task id from the task page (step 7).
 */
async function provisionThroughWizard(
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

/** Opens the Tenant tab of a tenant's catalog entity, once the catalog has it. */
async function openTenantTab(page: Page, slug: string) {
  const heading = page.getByText('Phase timeline', { exact: true });
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${slug}/tenant`);
    await expect(heading).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
}

const timelineRow = (page: Page, phase: string) =>
  page
    .getByRole('list', { name: 'Phase timeline' })
    .getByRole('listitem', { name: new RegExp(`^${phase}: `) });

async function newSignedInPage(browser: Browser, user: ExampleUser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, user);
  return page;
}

// ---------------------------------------------------------------------------

test.describe('tenant provisioning, failure and recovery', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(() => setFaults({}));
  test.afterAll(() => {
    // Leave no faults and no tenant namespaces of this run on the shared cluster.
    setFaults({});
    for (const slug of [retrySlug, rollbackSlug]) {
      kubectl([
        'delete',
        'namespace',
        `tenant-${slug}`,
        '--ignore-not-found',
        '--wait=false',
      ]);
    }
  });

  test('a data-plane failure shows on the Tenant tab with the failed phase, the error and the logs', async ({
    page,
  }, testInfo) => {
    test.setTimeout(PROVISIONING_TIMEOUT + 3 * 60_000);
    setFaults({ [`${retrySlug}.ai-engine`]: 'container-fail' });
    const postgres = await postgresTarget();
    await signInAs(page, 'Platform admin');

    const taskId = await provisionThroughWizard(page, {
      name: `E2E Retry ${unique}`,
      slug: retrySlug,
      // The example tenant admin (admin@acme.example) administers it.
      adminEmail: 'admin@acme.example',
      dataSource: {
        host: postgres?.host ?? '127.0.0.1',
        port: postgres?.port ?? 54329,
        testConnection: Boolean(postgres),
      },
    });
    await screenshot(page, testInfo, 'task-page');

    await openTenantTab(page, retrySlug);
    await expect(
      page.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', `/create/tasks/${taskId}`);
    await screenshot(page, testInfo, 'provisioning-live');

    // The failure arrives by signal; nothing is reloaded.
    await expect(page.getByText('Provisioning failed')).toBeVisible({
      timeout: PROVISIONING_TIMEOUT,
    });
    await expect(
      page.getByText('Failed phase: Phase 5 · Data Plane'),
    ).toBeVisible();
    await expect(page.getByTestId('failure-error')).toContainText(
      /Phase data-plane failed: Workload failed: deployment\/ai-engine .*CrashLoopBackOff/,
    );
    await expect(timelineRow(page, 'Phase 5 · Data Plane')).toHaveAttribute(
      'data-status',
      'failed',
    );
    await expect(timelineRow(page, 'Phase 4 · Control Plane')).toHaveAttribute(
      'data-status',
      'completed',
    );
    // The logs open on the failed phase.
    await expect(
      page.getByRole('tab', { name: /^5 Data Plane/, selected: true }),
    ).toBeVisible();
    await expect(
      page.getByTestId('phase-log').getByText(/Phase data-plane failed/),
    ).toBeVisible();
    // The configuration, with the data-source password masked.
    await expect(
      page.getByRole('table', { name: 'Data sources' }).getByText('••••'),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Retry current phase' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Rollback' })).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Contact support' }),
    ).toHaveAttribute('href', /^mailto:platform-support@example\.com\?/);
    await screenshot(page, testInfo, 'failed');
  });

  test('a tenant admin sees the failure of their tenant but no recovery buttons', async ({
    browser,
  }, testInfo) => {
    const page = await newSignedInPage(browser, 'Tenant admin');
    await openTenantTab(page, retrySlug);
    await expect(page.getByText('Provisioning failed')).toBeVisible();
    await expect(page.getByTestId('failure-error')).toContainText(
      'deployment/ai-engine',
    );
    await expect(
      page.getByText(/^Retrying and rolling back are for platform admins/),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Retry current phase' }),
    ).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Rollback' })).toHaveCount(0);
    await screenshot(page, testInfo, 'failed-tenant-admin');
    await page.context().close();
  });

  test('Retry after the fault is cleared runs the failed phase again and reaches ready', async ({
    page,
  }, testInfo) => {
    test.setTimeout(PROVISIONING_TIMEOUT + 2 * 60_000);
    setFaults({});
    await signInAs(page, 'Platform admin');
    await openTenantTab(page, retrySlug);

    await page.getByRole('button', { name: 'Retry current phase' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Retry Phase 5 · Data Plane?',
    });
    // The secrets phase completed: the passwords are on the cluster already.
    await expect(dialog.getByLabel(/Password of/)).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByText('Provisioning failed')).toBeHidden();
    await expect(page.getByTestId('attempt')).toHaveText('2');
    await expect(page.getByLabel('Percent complete')).toHaveText('100 %', {
      timeout: PROVISIONING_TIMEOUT,
    });
    await expect(
      page.getByText('Ready', { exact: true }).first(),
    ).toBeVisible();
    for (const phase of [
      'Phase 5 · Data Plane',
      'Phase 5.5 · Ingress',
      'Phase 7 · Validation',
    ]) {
      await expect(timelineRow(page, phase)).toHaveAttribute(
        'data-status',
        'completed',
      );
    }
    await expect(page.getByRole('button', { name: 'Rollback' })).toHaveCount(0);
    await screenshot(page, testInfo, 'ready-after-retry');

    // The Tenants page lists it as ready, linking to the entity.
    await page.goto('/tenants');
    const searched = page.waitForResponse(
      response =>
        response.url().includes('/api/tenants/v1/tenants?') &&
        response.url().includes(`search=${retrySlug}`),
    );
    await page.getByRole('textbox', { name: 'Search' }).fill(retrySlug);
    await searched;
    await expect(page.getByText('Tenants (1)')).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(retrySlug) });
    await expect(row.getByText('Ready')).toBeVisible();
    await expect(
      row.getByRole('link', { name: `E2E Retry ${unique}` }),
    ).toHaveAttribute('href', `/catalog/default/resource/${retrySlug}`);
    await screenshot(page, testInfo, 'tenants-page');
  });

  test('Rollback of a running provisioning cancels its task and ends rolled_back', async ({
    page,
  }, testInfo) => {
    test.setTimeout(PROVISIONING_TIMEOUT + 2 * 60_000);
    // PostgreSQL never becomes ready: the run stays in phase 3.
    setFaults({ [`${rollbackSlug}.postgres`]: 'never-ready' });
    await signInAs(page, 'Platform admin');
    await provisionThroughWizard(page, {
      name: `E2E Rollback ${unique}`,
      slug: rollbackSlug,
      adminEmail: 'platform-admin@example.com',
    });
    await openTenantTab(page, rollbackSlug);
    await expect(
      timelineRow(page, 'Phase 3 · Data Infrastructure'),
    ).toHaveAttribute('data-status', 'in_progress', {
      timeout: PROVISIONING_TIMEOUT,
    });
    await expect(page.getByTestId('current-phase')).toContainText(
      'Data Infrastructure',
    );

    await page.getByRole('button', { name: 'Rollback' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Roll back tenant E2E Rollback ${unique}?`,
    });
    const plan = dialog.getByRole('list', { name: 'What will be deleted' });
    await expect(plan.getByRole('listitem').last()).toHaveText(
      `Namespace: tenant-${rollbackSlug} on cluster local-azure, deleted last`,
    );
    await expect(plan).toContainText('Phase 3 · Data Infrastructure');
    await expect(plan).toContainText('Phase 1 · Namespace');
    const confirm = dialog.getByRole('button', { name: 'Roll back' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/^Cancel the running task first/).check();
    await screenshot(page, testInfo, 'rollback-dialog');
    await confirm.click();
    await expect(dialog).toBeHidden();

    await expect(page.getByText('Rolled back', { exact: true })).toBeVisible({
      timeout: PROVISIONING_TIMEOUT,
    });
    await expect(
      page.getByTestId('phase-log').getByText(/Rollback completed/),
    ).toBeVisible();
    await screenshot(page, testInfo, 'rolled-back');
    setFaults({});
    await expect
      .poll(() => namespaceExists(`tenant-${rollbackSlug}`), {
        timeout: 60_000,
      })
      .toBe(false);
  });
});
