import { expect, test } from '@playwright/test';
import {
  newSignedInPage,
  openTenantTab,
  screenshot as screenshotAs,
  signInAs,
  timelineRow,
} from './support/app';
import { openChangeRequestsTab, requestItem } from './support/changeRequests';
import {
  deleteTenantNamespaces,
  kubectl,
  namespaceExists,
  setFaults,
} from './support/cluster';
import { uniqueSuffix as unique } from './support/unique';
import {
  postgresTarget,
  PROVISIONING_TIMEOUT,
  provisionThroughWizard,
} from './support/wizard';

/**
 * Tenant provisioning end to end, in Chromium against the real app and
 * backend on the local Kubernetes control plane: the wizard, a data-plane
 * failure injected through the cluster's fault ConfigMap
 * (tools/local-cluster/README.md), the failure on the tenant's Tenant tab,
 * retry after the fault is cleared (and a drift check finding the tenant in
 * sync), hand edits found as drift and repaired from the Tenant tab, a
 * rollback that cancels a running task,
 * and what a tenant admin may do.
 *
 * The backend started by Playwright reaches the cluster through KUBECONFIG
 * (app-config.yaml `tenants.clusters`); run with
 * `KUBECONFIG=<kubeconfig> TENANTS_TEST_KUBECONFIG=<kubeconfig> yarn playwright test`.
 */

const retrySlug = `e2eretry${unique}`;
const rollbackSlug = `e2erollback${unique}`;

const screenshot: typeof screenshotAs = (page, testInfo, name) =>
  screenshotAs(page, testInfo, `tenants-${name}`);

test.describe('tenant provisioning, failure and recovery', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(() => setFaults({}));
  test.afterAll(() => {
    // Leave no faults and no tenant namespaces of this run on the shared cluster.
    setFaults({});
    deleteTenantNamespaces([retrySlug, rollbackSlug]);
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

    // On the cluster are exactly the objects its phases apply.
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(
      page.getByText('In sync: every object matches what the phases apply.'),
    ).toBeVisible();

    // The Tenants page lists it as ready and in sync, linking to the entity.
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
    await expect(row.getByText('In sync')).toBeVisible();
    await expect(
      row.getByRole('link', { name: `E2E Retry ${unique}` }),
    ).toHaveAttribute('href', `/catalog/default/resource/${retrySlug}`);
    await screenshot(page, testInfo, 'tenants-page');
  });

  test('drift made by hand is shown on the Tenant tab and repaired from there', async ({
    page,
  }, testInfo) => {
    test.setTimeout(4 * 60_000);
    // Needs the tenant the first test left ready and in sync.
    const namespace = `tenant-${retrySlug}`;
    kubectl([
      'scale',
      'deployment/tenant-config',
      '--replicas=7',
      '-n',
      namespace,
    ]);
    kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'stray-notes',
          namespace,
          labels: {
            'app.kubernetes.io/managed-by': 'tenant-platform',
            'tenants.dev/tenant': retrySlug,
          },
        },
        data: { note: 'created by hand' },
      }),
    );

    await signInAs(page, 'Platform admin');
    await openTenantTab(page, retrySlug);
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByText('Drifted: 2 difference(s).')).toBeVisible();
    await expect(
      page.getByText(/^spec\.replicas: 7 \(should be \d+\)$/),
    ).toBeVisible();
    await expect(
      page.getByText('has the tenant’s labels but no phase creates it'),
    ).toBeVisible();
    await screenshot(page, testInfo, 'drifted');

    await page.getByRole('button', { name: 'Repair', exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Repair 2 difference(s)?',
    });
    await dialog.getByLabel('Reason (optional)').fill('Undo the hand edits');
    await dialog.getByRole('button', { name: 'Repair now' }).click();
    await expect(dialog).toBeHidden();
    const started = page.getByText(/^Repair started \(change request/);
    await expect(started).toBeVisible();
    await expect(
      started.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', /^\/create\/tasks\/[^/]+$/);

    // The repair is a change request: its item follows it to applied.
    await openChangeRequestsTab(page, retrySlug);
    const repair = requestItem(page, /repair drifted objects/);
    await expect(repair).toHaveAttribute('data-status', 'applied', {
      timeout: PROVISIONING_TIMEOUT,
    });
    await repair
      .getByRole('button', { name: /repair drifted objects/ })
      .click();
    await expect(repair.getByLabel('Change log')).toContainText(
      'removed configmap/stray-notes; the objects match the spec',
    );
    await screenshot(page, testInfo, 'repaired');

    await openTenantTab(page, retrySlug);
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect(
      page.getByText('In sync: every object matches what the phases apply.'),
    ).toBeVisible();
    expect(
      kubectl([
        'get',
        'deployment/tenant-config',
        '-n',
        namespace,
        '-o',
        'jsonpath={.spec.replicas}',
      ]),
    ).not.toBe('7');
    expect(
      kubectl(['get', 'configmap', '-n', namespace, '-o', 'name']),
    ).not.toContain('configmap/stray-notes');
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
