import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  DEFAULT_BILLING_POLICY,
  tenantChangeRequestApprovePermission,
  tenantChangeRequestSignalChannel,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type TenantsApi } from '../../api/TenantsApi';
import {
  appliedChangeRequest,
  buildChangeRequest,
  CHANGE_TASK_ID,
  PLATFORM_ADMIN,
  REQUEST_ID,
  TENANT_ADMIN,
} from '../../__testUtils__/changeRequests';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import {
  buildRun,
  buildStatus,
  buildTenant,
  TENANT_ID,
} from '../../__testUtils__/tenants';
import { TenantChangeRequests } from './TenantChangeRequests';

jest.setTimeout(30_000);
// Permission, identity and the lists answer asynchronously; a loaded CI machine is slow.
configure({ asyncUtilTimeout: 5000 });

/** A ready Starter tenant on Medium with Core, BI and Context Graph. */
const readyTenant = () => {
  const tenant = buildTenant({ state: 'ready', specVersion: 1 });
  tenant.spec.details.billingTier = 'starter';
  tenant.spec.infrastructure.resourceTier = 'medium';
  tenant.spec.infrastructure.dedicatedCompute = false;
  return { ...tenant, latestRun: buildRun({ status: 'completed' }) };
};

function fakeApi(overrides: Partial<TenantsApi> = {}): Partial<TenantsApi> {
  return {
    getTenant: async () => readyTenant(),
    getStatus: async () => buildStatus(),
    getPolicy: async () => DEFAULT_BILLING_POLICY,
    listChangeRequests: async () => ({ items: [], totalCount: 0 }),
    getChangeRequest: async id => ({
      ...buildChangeRequest({ id }),
      logs: [],
    }),
    previewChangeRequest: async () => ({
      diff: [],
      objects: {
        tenantId: TENANT_ID,
        cluster: 'local-azure',
        checkedAt: '2026-12-07T10:00:00.000Z',
        state: 'drifted',
        differences: [
          {
            type: 'field',
            object: 'resourcequota/tenant-quota',
            namespace: 'tenant-acme',
            phase: 'namespace',
            path: 'spec.hard.requests.cpu',
            live: '12',
            desired: '32',
          },
        ],
      },
    }),
    listSpecVersions: async () => ({
      items: [
        {
          version: 1,
          spec: readyTenant().spec,
          createdAt: '2026-11-28T09:00:00.000Z',
          createdBy: PLATFORM_ADMIN,
        },
      ],
    }),
    ...overrides,
  };
}

function render(options: {
  api: Partial<TenantsApi>;
  user: 'tenant admin' | 'platform admin';
  signals?: ReturnType<typeof fakeSignals>;
}) {
  const platformAdmin = options.user === 'platform admin';
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === tenantChangeRequestApprovePermission.name &&
      !platformAdmin
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  // usePermission caches decisions in SWR's global cache: give each test its own.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TenantChangeRequests tenantId={TENANT_ID} />
    </SWRConfig>,
    {
      apis: [
        [tenantsApiRef, options.api],
        [permissionApiRef, permission],
        [signalApiRef, (options.signals ?? fakeSignals()).api],
        mockApis.identity({
          userEntityRef: platformAdmin ? PLATFORM_ADMIN : TENANT_ADMIN,
        }),
      ] as any,
    },
  );
}

describe('TenantChangeRequests', () => {
  it('lets a tenant admin file a request with only what changes, offering the tiers the billing tier allows', async () => {
    const createChangeRequest = jest.fn(async () => buildChangeRequest());
    await render({
      api: fakeApi({ createChangeRequest }),
      user: 'tenant admin',
    });

    expect(await screen.findByText('No change requests yet.')).toBeVisible();
    expect(
      screen.getByText(/^Spec version 1: resource tier medium/),
    ).toBeVisible();
    await userEvent.click(
      screen.getByRole('button', { name: 'Request a change' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Request a change to Acme Analytics',
    });
    const file = within(dialog).getByRole('button', { name: 'File request' });
    expect(file).toBeDisabled();
    expect(within(dialog).getByTestId('change-summary')).toHaveTextContent(
      'Change any field above; fields left as they are stay.',
    );

    // Starter cannot take Large: offered, disabled, with the policy's reason.
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Resource tier/ }),
    );
    const large = await screen.findByRole('option', { name: /^Large/ });
    expect(large).toHaveAttribute('aria-disabled', 'true');
    expect(large).toHaveTextContent(
      'The Large resource tier is not available on the Starter tier',
    );
    await userEvent.click(screen.getByRole('option', { name: /^Small/ }));

    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /^BI Platform/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /^ML Platform/ }),
    );
    expect(within(dialog).getByTestId('change-summary')).toHaveTextContent(
      'Requested: resource tier medium → small, disable BI Platform, enable ML Platform',
    );
    // A reason is required.
    expect(file).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Cost review',
    );
    await userEvent.click(file);

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(createChangeRequest).toHaveBeenCalledWith(TENANT_ID, {
      changes: { resourceTier: 'small', modules: { bi: false, ml: true } },
      reason: 'Cost review',
    });
  });

  it('lets a tenant admin change security, details and compute, refusing a malformed range before it is filed', async () => {
    const createChangeRequest = jest.fn(async () => buildChangeRequest());
    const previewChanges = jest.fn(async () => ({
      diff: [],
      objects: {
        tenantId: TENANT_ID,
        cluster: 'local-azure',
        checkedAt: '2026-12-07T10:00:00.000Z',
        state: 'in_sync' as const,
        differences: [],
      },
    }));
    await render({
      api: fakeApi({ createChangeRequest, previewChanges }),
      user: 'tenant admin',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request a change' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Request a change to Acme Analytics',
    });
    // Starter has no GPU: offered, disabled, with the policy's reason.
    const gpu = within(dialog).getByRole('checkbox', { name: /^GPU/ });
    expect(gpu).toBeDisabled();
    expect(
      within(dialog).getByText(
        /^GPU — GPU is not available on the Starter tier/,
      ),
    ).toBeVisible();

    const ranges = within(dialog).getByRole('textbox', {
      name: 'Allowed IP ranges',
    });
    await userEvent.clear(ranges);
    await userEvent.type(ranges, '10.20.0.0/16{enter}192.0.2.0/33');
    expect(
      within(dialog).getByText(
        "'192.0.2.0/33': an IPv4 prefix length is at most 32",
      ),
    ).toBeVisible();
    const file = within(dialog).getByRole('button', { name: 'File request' });
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'New office',
    );
    expect(file).toBeDisabled();
    await userEvent.type(ranges, '{backspace}{backspace}24');

    await userEvent.click(
      within(dialog).getByRole('button', { name: /MFA policy/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: /^Required for admins/ }),
    );
    const email = within(dialog).getByRole('textbox', { name: 'Admin email' });
    await userEvent.clear(email);
    await userEvent.type(email, 'ops@acme.example');
    expect(within(dialog).getByTestId('change-summary')).toHaveTextContent(
      'Requested: admin email admin@acme.example → ops@acme.example, MFA policy required-all → required-admins, allowed IP ranges 203.0.113.0/24 → 10.20.0.0/16, 192.0.2.0/24',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Preview on the cluster' }),
    );
    expect(
      await within(dialog).findByText(
        'Approval would change no object on cluster local-azure.',
      ),
    ).toBeVisible();
    expect(previewChanges).toHaveBeenCalledWith(TENANT_ID, {
      adminEmail: 'ops@acme.example',
      mfaPolicy: 'required-admins',
      allowedCidrs: ['10.20.0.0/16', '192.0.2.0/24'],
    });
    await userEvent.click(file);

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(createChangeRequest).toHaveBeenCalledWith(TENANT_ID, {
      changes: {
        adminEmail: 'ops@acme.example',
        mfaPolicy: 'required-admins',
        allowedCidrs: ['10.20.0.0/16', '192.0.2.0/24'],
      },
      reason: 'New office',
    });
  });

  it('shows the Tenant Service’s refusal in the form and keeps it open', async () => {
    const refusal = Object.assign(new Error('Request failed with 409'), {
      body: {
        error: {
          message:
            "Change request 1234 of tenant 'acme' (pending) already changes modules.ml",
        },
      },
    });
    await render({
      api: fakeApi({
        createChangeRequest: async () => {
          throw refusal;
        },
      }),
      user: 'tenant admin',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request a change' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /^ML Platform/ }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Models',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'File request' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'already changes modules.ml',
    );
  });

  it('shows a tenant admin their pending request without decision buttons', async () => {
    await render({
      api: fakeApi({
        listChangeRequests: async () => ({
          items: [buildChangeRequest()],
          totalCount: 1,
        }),
      }),
      user: 'tenant admin',
    });
    const item = await screen.findByRole('listitem', {
      name: 'resource tier medium → large',
    });
    expect(within(item).getByText('Pending approval')).toBeVisible();
    await userEvent.click(
      within(item).getByRole('button', { name: /resource tier/ }),
    );
    expect(
      await within(item).findByText('Waiting for a platform admin to decide'),
    ).toBeVisible();
    expect(within(item).queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('lets a platform admin approve with a comment, but never their own request', async () => {
    const approveChangeRequest = jest.fn(async () =>
      buildChangeRequest({ status: 'approved' }),
    );
    const own = buildChangeRequest({
      id: '9e8d7c6b-0000-4000-8000-000000000003',
      requestedBy: PLATFORM_ADMIN,
      changes: { modules: { ml: true } },
      diff: [{ field: 'modules.ml', from: false, to: true }],
    });
    await render({
      api: fakeApi({
        listChangeRequests: async () => ({
          items: [buildChangeRequest(), own],
          totalCount: 2,
        }),
        approveChangeRequest,
      }),
      user: 'platform admin',
    });

    const ownItem = await screen.findByRole('listitem', {
      name: 'enable ML Platform',
    });
    await userEvent.click(
      within(ownItem).getByRole('button', { name: /enable ML/ }),
    );
    expect(
      await within(ownItem).findByText(/^You filed this request yourself/),
    ).toBeVisible();
    expect(
      within(ownItem).queryByRole('button', { name: 'Approve' }),
    ).toBeNull();

    const item = screen.getByRole('listitem', {
      name: 'resource tier medium → large',
    });
    await userEvent.click(
      within(item).getByRole('button', { name: /resource tier/ }),
    );
    // The approver sees what approval would apply on the cluster.
    expect(
      await within(item).findByText(
        'Approval would apply 1 difference(s) on cluster local-azure',
      ),
    ).toBeVisible();
    expect(
      within(item).getByText('spec.hard.requests.cpu: "12" (should be "32")'),
    ).toBeVisible();
    await userEvent.click(
      await within(item).findByRole('button', { name: 'Approve' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Approve the change to Acme Analytics?',
    });
    expect(dialog).toHaveTextContent('“Quarter-end reporting load”');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'OK for Q4',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(approveChangeRequest).toHaveBeenCalledWith(REQUEST_ID, {
      comment: 'OK for Q4',
    });
  });

  it('requires a comment to reject', async () => {
    const rejectChangeRequest = jest.fn(async () =>
      buildChangeRequest({ status: 'rejected' }),
    );
    await render({
      api: fakeApi({
        listChangeRequests: async () => ({
          items: [buildChangeRequest()],
          totalCount: 1,
        }),
        rejectChangeRequest,
      }),
      user: 'platform admin',
    });
    const item = await screen.findByRole('listitem');
    await userEvent.click(
      within(item).getByRole('button', { name: /resource tier/ }),
    );
    await userEvent.click(
      await within(item).findByRole('button', { name: 'Reject' }),
    );
    const dialog = screen.getByRole('dialog');
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Not this quarter',
    );
    await userEvent.click(reject);
    await waitFor(() =>
      expect(rejectChangeRequest).toHaveBeenCalledWith(REQUEST_ID, {
        comment: 'Not this quarter',
      }),
    );
  });

  it('shows an applied request: diff, decision, new spec version, task link and log; a signal re-reads it', async () => {
    const signals = fakeSignals();
    let listed = [buildChangeRequest({ status: 'applying' })];
    await render({
      api: fakeApi({
        listChangeRequests: async () => ({ items: listed, totalCount: 1 }),
        getChangeRequest: async () => appliedChangeRequest(),
      }),
      user: 'tenant admin',
      signals,
    });
    const item = await screen.findByRole('listitem');
    expect(item).toHaveAttribute('data-status', 'applying');

    listed = [appliedChangeRequest()];
    signals.publish(tenantChangeRequestSignalChannel(TENANT_ID), {
      changeRequestId: REQUEST_ID,
      tenantId: TENANT_ID,
      status: 'applied',
    });
    await waitFor(() =>
      expect(screen.getByRole('listitem')).toHaveAttribute(
        'data-status',
        'applied',
      ),
    );
    await userEvent.click(
      screen.getByRole('button', { name: /resource tier/ }),
    );
    const changes = await screen.findByRole('table', {
      name: 'Requested changes',
    });
    expect(
      within(changes).getByRole('row', { name: 'Resource tier Medium Large' }),
    ).toBeVisible();
    expect(await screen.findByTestId('change-decision')).toHaveTextContent(
      'Approved by platform-admin',
    );
    expect(screen.getByTestId('change-spec-version')).toHaveTextContent(
      'Applied as spec version 2 (from version 1)',
    );
    expect(
      screen.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', `/create/tasks/${CHANGE_TASK_ID}`);
    expect(screen.getByLabelText('Change log')).toHaveTextContent(
      'Change applied as spec version 2',
    );
  });

  it('lets a platform admin retry or revert a failed platform upgrade, with an optional comment', async () => {
    const failed = buildChangeRequest({
      status: 'failed',
      requestedBy: PLATFORM_ADMIN,
      changes: { platformVersion: '1.1.0' },
      diff: [{ field: 'platformVersion', from: '1.0.0', to: '1.1.0' }],
      errorMessage: 'deployment/ai-engine: CrashLoopBackOff',
      attempts: 1,
    });
    const revertChangeRequest = jest.fn(async () =>
      buildChangeRequest({
        id: '9e8d7c6b-0000-4000-8000-000000000009',
        status: 'approved',
        changes: { repair: true },
        diff: [{ field: 'repair', from: false, to: true }],
      }),
    );
    const listChangeRequests = jest.fn(async () => ({
      items: [failed],
      totalCount: 1,
    }));
    await render({
      api: fakeApi({
        listChangeRequests,
        getChangeRequest: async () => ({ ...failed, logs: [] }),
        revertChangeRequest,
      }),
      user: 'platform admin',
    });

    const item = await screen.findByRole('listitem', {
      name: 'platform version 1.0.0 → 1.1.0',
    });
    expect(within(item).getByText('Failed')).toBeVisible();
    await userEvent.click(
      within(item).getByRole('button', { name: /platform version/ }),
    );
    const changes = await within(item).findByRole('table', {
      name: 'Requested changes',
    });
    expect(
      within(changes).getByRole('row', {
        name: 'Platform version 1.0.0 1.1.0',
      }),
    ).toBeVisible();
    expect(
      within(item).getByRole('button', { name: 'Retry applying' }),
    ).toBeVisible();
    await userEvent.click(within(item).getByRole('button', { name: 'Revert' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Revert the failed change to Acme Analytics?',
    });
    expect(dialog).toHaveTextContent('platform version 1.0.0 → 1.1.0');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Back to 1.0.0 until the image is fixed',
    );
    const calls = listChangeRequests.mock.calls.length;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revert' }),
    );
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(revertChangeRequest).toHaveBeenCalledWith(REQUEST_ID, {
      comment: 'Back to 1.0.0 until the image is fixed',
    });
    // The list is read again, with the repair.
    await waitFor(() =>
      expect(listChangeRequests.mock.calls.length).toBeGreaterThan(calls),
    );
  });

  it('offers no revert to tenant admins', async () => {
    await render({
      api: fakeApi({
        listChangeRequests: async () => ({
          items: [buildChangeRequest({ status: 'failed' })],
          totalCount: 1,
        }),
      }),
      user: 'tenant admin',
    });
    const item = await screen.findByRole('listitem');
    await userEvent.click(
      within(item).getByRole('button', { name: /resource tier/ }),
    );
    await within(item).findByRole('table', { name: 'Requested changes' });
    expect(within(item).queryByRole('button', { name: 'Revert' })).toBeNull();
    expect(
      within(item).queryByRole('button', { name: 'Retry applying' }),
    ).toBeNull();
  });
});
