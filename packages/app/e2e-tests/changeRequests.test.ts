import { expect, test } from '@playwright/test';
import {
  newSignedInPage,
  openTenantTab,
  screenshot,
  signInAs,
} from './support/app';
import {
  approveLargeWithMlPlatform,
  fileLargeWithMlPlatform,
  openChangeRequestsTab,
} from './support/changeRequests';
import { deleteTenantNamespaces, kubectl } from './support/cluster';
import { uniqueSuffix as unique } from './support/unique';
import { PROVISIONING_TIMEOUT, provisionThroughWizard } from './support/wizard';

/**
 * Change requests end to end, in Chromium against the real app and backend
 * on the local Kubernetes control plane, with the two development users:
 * the tenant admin files a request on their tenant's entity, the platform
 * admin approves it on the Tenants page, a scaffolder task applies it, and
 * the tenant admin sees it applied, live.
 */

const slug = `e2echange${unique}`;
const name = `E2E Change ${unique}`;
const namespace = `tenant-${slug}`;
const APPLY_TIMEOUT = 3 * 60_000;

function quotaCpu(): string {
  return kubectl([
    'get',
    'resourcequota',
    '-n',
    namespace,
    '-o',
    'jsonpath={.items[0].spec.hard.limits\\.cpu}',
  ]);
}

function deploymentExists(deployment: string): boolean {
  return (
    kubectl([
      'get',
      'deployment',
      deployment,
      '-n',
      namespace,
      '--ignore-not-found',
      '-o',
      'name',
    ]).trim().length > 0
  );
}

test.describe('change requests', () => {
  test.describe.configure({ mode: 'serial' });

  test.afterAll(() => deleteTenantNamespaces([slug]));

  test('a tenant admin files a change, a platform admin approves it, the tenant admin sees it applied', async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(PROVISIONING_TIMEOUT + APPLY_TIMEOUT + 3 * 60_000);

    // A ready tenant administered by the example tenant admin.
    await signInAs(page, 'Platform admin');
    await provisionThroughWizard(page, {
      name,
      slug,
      adminEmail: 'admin@acme.example',
    });
    await openTenantTab(page, slug);
    await expect(page.getByLabel('Percent complete')).toHaveText('100 %', {
      timeout: PROVISIONING_TIMEOUT,
    });
    const quotaBefore = quotaCpu();
    expect(deploymentExists('ml-platform')).toBe(false);

    // The tenant admin asks for Large and ML Platform.
    const tenantAdmin = await newSignedInPage(browser, 'Tenant admin');
    await openChangeRequestsTab(tenantAdmin, slug);
    await expect(
      tenantAdmin.getByText('No change requests yet.'),
    ).toBeVisible();
    const filed = await fileLargeWithMlPlatform(tenantAdmin, name, {
      reason: 'Quarter-end reporting and the new churn model',
      beforeFiling: () =>
        screenshot(tenantAdmin, testInfo, 'change-request-form'),
    });
    await filed.getByRole('button', { name: /resource tier/ }).click();
    await expect(
      filed.getByText('Waiting for a platform admin to decide'),
    ).toBeVisible();
    await expect(filed.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await screenshot(tenantAdmin, testInfo, 'change-request-pending');

    // The platform admin finds it on the Tenants page and approves it.
    await approveLargeWithMlPlatform(page, name, {
      comment: 'Approved for Q4',
      onExpanded: request =>
        expect(
          request.getByRole('table', { name: 'Requested changes' }),
        ).toContainText('ML PlatformDisabledEnabled'),
      beforeApproving: () =>
        screenshot(page, testInfo, 'change-request-approve'),
    });

    // The tenant admin's open page follows it to applied, by signal.
    await expect(filed).toHaveAttribute('data-status', 'applied', {
      timeout: APPLY_TIMEOUT,
    });
    await expect(filed.getByTestId('change-decision')).toContainText(
      'Approved by platform-admin',
    );
    await expect(filed.getByTestId('change-decision')).toContainText(
      '“Approved for Q4”',
    );
    await expect(filed.getByTestId('change-spec-version')).toContainText(
      'Applied as spec version 2 (from version 1)',
    );
    await expect(
      filed.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', /^\/create\/tasks\/[^/]+$/);
    // The request's log: a line per re-applied phase, then the outcome.
    await expect(filed.getByLabel('Change log')).toContainText(
      'Phase data-plane applied: 2 created',
    );
    await expect(filed.getByLabel('Change log')).toContainText(
      `Change applied to tenant ${slug}: resource tier medium → large, enable ML Platform`,
    );
    await expect(
      tenantAdmin
        .getByRole('table', { name: 'Spec versions' })
        .getByRole('row', { name: /^2 \(current\) large / }),
    ).toBeVisible();
    await screenshot(tenantAdmin, testInfo, 'change-request-applied');

    // The cluster has the change: a larger quota and ML Platform deployed.
    expect(quotaCpu()).not.toBe(quotaBefore);
    expect(deploymentExists('ml-platform')).toBe(true);

    await tenantAdmin.context().close();
  });
});
