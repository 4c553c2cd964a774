import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SWRConfig } from 'swr';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  tenantRepairPermission,
  type ChangeRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type TenantDriftReport,
  type TenantLastDriftCheck,
} from '../../api/TenantsApi';
import { TENANT_ID } from '../../__testUtils__/tenants';
import { TenantDriftCard } from './TenantDriftCard';

// Rendering the test app and its dialogs takes seconds on a loaded CI machine.
jest.setTimeout(30_000);

const about = {
  tenantId: TENANT_ID,
  cluster: 'aws-east',
  checkedAt: '2026-12-07T10:00:00.000Z',
};
const unchecked: TenantLastDriftCheck = {
  tenantId: TENANT_ID,
  state: 'unchecked',
};

const notExpected = (call: string) => async () => {
  throw new Error(`not expected to ${call}`);
};

async function renderCard(api: {
  getDrift: () => Promise<TenantLastDriftCheck>;
  checkDrift?: () => Promise<TenantDriftReport>;
  /** Platform admins repair; tenant admins only file change requests. */
  user?: 'platform admin' | 'tenant admin';
  repairTenant?: () => Promise<ChangeRequest>;
  createChangeRequest?: () => Promise<ChangeRequest>;
}) {
  const getDrift = jest.fn(api.getDrift);
  const checkDrift = jest.fn(api.checkDrift ?? notExpected('check'));
  const repairTenant = jest.fn(api.repairTenant ?? notExpected('repair'));
  const createChangeRequest = jest.fn(
    api.createChangeRequest ?? notExpected('file a change request'),
  );
  const platformAdmin = (api.user ?? 'platform admin') === 'platform admin';
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === tenantRepairPermission.name && !platformAdmin
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  // usePermission caches decisions in SWR's global cache: give each test its own.
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TenantDriftCard tenantId={TENANT_ID} />
    </SWRConfig>,
    {
      apis: [
        [
          tenantsApiRef,
          { getDrift, checkDrift, repairTenant, createChangeRequest },
        ],
        [permissionApiRef, permission],
      ] as any,
    },
  );
  return { getDrift, checkDrift, repairTenant, createChangeRequest };
}

const drifted: TenantLastDriftCheck = {
  ...about,
  state: 'drifted',
  differences: [
    {
      type: 'field',
      object: 'deployment/tenant-config',
      namespace: 'tenant-acme',
      phase: 'control-plane',
      path: 'spec.replicas',
      live: 7,
      desired: 1,
    },
    { type: 'unexpected', object: 'configmap/stray', namespace: 'tenant-acme' },
  ],
};

const changeRequest = (overrides: Partial<ChangeRequest>): ChangeRequest =>
  ({
    id: 'cr-7',
    tenantId: TENANT_ID,
    status: 'applying',
    diff: [{ field: 'repair', from: false, to: true }],
    ...overrides,
  } as ChangeRequest);

describe('TenantDriftCard', () => {
  it('shows the last check when it loads, with when and each difference, Secrets without values', async () => {
    const { getDrift, checkDrift } = await renderCard({
      getDrift: async () => ({
        ...about,
        state: 'drifted',
        differences: [
          {
            type: 'field',
            object: 'deployment/tenant-config',
            namespace: 'tenant-acme',
            phase: 'control-plane',
            path: 'spec.replicas',
            live: 3,
            desired: 1,
          },
          {
            type: 'missing',
            object: 'networkpolicy/allow-dns-egress',
            namespace: 'tenant-acme',
            phase: 'namespace',
          },
          {
            type: 'unexpected',
            object: 'configmap/stray',
            namespace: 'tenant-acme',
          },
          {
            type: 'field',
            object: 'secret/postgres-credentials',
            namespace: 'tenant-acme',
            phase: 'secrets',
            path: 'data.username',
          },
        ],
      }),
    });

    expect(
      await screen.findByText('Drifted: 4 difference(s).'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Checked ${new Date(
          about.checkedAt,
        ).toLocaleString()} on cluster aws-east.`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('spec.replicas: 3 (should be 1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('missing (the namespace phase creates it)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('has the tenant’s labels but no phase creates it'),
    ).toBeInTheDocument();
    expect(screen.getByText('data.username differs')).toBeInTheDocument();
    expect(getDrift).toHaveBeenCalledWith(TENANT_ID);
    expect(checkDrift).not.toHaveBeenCalled();
  });

  it('says when the tenant was never checked, and checks it now when asked', async () => {
    const answers: TenantDriftReport[] = [
      { ...about, state: 'in_sync', differences: [] },
      {
        ...about,
        checkedAt: '2026-12-07T10:05:00.000Z',
        state: 'unknown',
        reason: 'The cluster aws-east could not be read: connect ECONNREFUSED',
      },
    ];
    const { checkDrift } = await renderCard({
      getDrift: async () => unchecked,
      checkDrift: async () => answers.shift()!,
    });
    expect(await screen.findByText('Not checked yet.')).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'Check now' });

    await userEvent.click(button);
    expect(
      await screen.findByText(
        'In sync: every object matches what the phases apply.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not checked yet.')).not.toBeInTheDocument();

    await userEvent.click(button);
    expect(
      await screen.findByText(
        'Unknown: The cluster aws-east could not be read: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Checked ${new Date(
          '2026-12-07T10:05:00.000Z',
        ).toLocaleString()} on cluster aws-east.`,
      ),
    ).toBeInTheDocument();
    expect(checkDrift).toHaveBeenCalledTimes(2);
    expect(checkDrift).toHaveBeenCalledWith(TENANT_ID);
  });

  it('shows the error of a check that failed, keeping the last check', async () => {
    await renderCard({
      getDrift: async () => ({ ...about, state: 'in_sync', differences: [] }),
      checkDrift: async () => {
        throw new Error('Tenant acme has no cluster yet');
      },
    });
    await screen.findByText(
      'In sync: every object matches what the phases apply.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(
      await screen.findByText('Error: Tenant acme has no cluster yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('In sync: every object matches what the phases apply.'),
    ).toBeInTheDocument();
  });

  it('shows the error when the last check cannot be read', async () => {
    await renderCard({
      getDrift: async () => {
        throw new Error('Tenant Service unavailable');
      },
    });
    expect(
      await screen.findByText('Error: Tenant Service unavailable'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
  });

  it('lets a platform admin repair a drifted tenant at once and links the task', async () => {
    const { repairTenant, createChangeRequest } = await renderCard({
      getDrift: async () => drifted,
      repairTenant: async () =>
        changeRequest({ scaffolderTaskId: 'task-42', status: 'applying' }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Repair' }),
    );
    expect(
      screen.getByRole('heading', { name: 'Repair 2 difference(s)?' }),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Reason (optional)'),
      '  scaled by hand  ',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Repair now' }));

    expect(
      await screen.findByText(/Repair started \(change request cr-7\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the task log' }),
    ).toHaveAttribute('href', '/create/tasks/task-42');
    expect(repairTenant).toHaveBeenCalledWith(TENANT_ID, {
      reason: 'scaled by hand',
    });
    expect(createChangeRequest).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('button', { name: 'Repair' }),
    ).not.toBeInTheDocument();
  });

  it('reads the last check again when the tenant changes, keeping the started repair', async () => {
    const answers: TenantLastDriftCheck[] = [
      drifted,
      { ...about, state: 'in_sync', differences: [] },
    ];
    const getDrift = jest.fn(async () => answers.shift()!);
    function Tenant() {
      const [updatedAt, setUpdatedAt] = useState('2026-12-07T10:00:00.000Z');
      return (
        <>
          <button
            type="button"
            onClick={() => setUpdatedAt('2026-12-07T10:01:00.000Z')}
          >
            Repair applied
          </button>
          <TenantDriftCard tenantId={TENANT_ID} updatedAt={updatedAt} />
        </>
      );
    }
    await renderInTestApp(
      <SWRConfig value={{ provider: () => new Map() }}>
        <Tenant />
      </SWRConfig>,
      {
        apis: [
          [
            tenantsApiRef,
            {
              getDrift,
              repairTenant: async () =>
                changeRequest({ scaffolderTaskId: 'task-42' }),
            },
          ],
          [permissionApiRef, mockApis.permission()],
        ] as any,
      },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Repair' }));
    await userEvent.click(screen.getByRole('button', { name: 'Repair now' }));
    await screen.findByText(/Repair started \(change request cr-7\)/);

    await userEvent.click(screen.getByRole('button', { name: 'Repair applied' }));
    expect(
      await screen.findByText(
        'In sync: every object matches what the phases apply.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Repair started \(change request cr-7\)/),
    ).toBeInTheDocument();
    expect(getDrift).toHaveBeenCalledTimes(2);
  });

  it('shows the Tenant Service’s refusal of a repair in the dialog', async () => {
    await renderCard({
      getDrift: async () => drifted,
      repairTenant: async () => {
        throw new Error(
          "Change request cr-1 of tenant 'acme' is applying; repair once it is applied",
        );
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Repair' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Repair now' }));
    expect(
      await screen.findByText(/repair once it is applied/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Repair now' })).toBeEnabled();
  });

  it('lets a tenant admin request a repair, with a reason, as a change request', async () => {
    const { repairTenant, createChangeRequest } = await renderCard({
      user: 'tenant admin',
      getDrift: async () => drifted,
      createChangeRequest: async () => changeRequest({ status: 'pending' }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request repair' }),
    );
    const confirm = within(screen.getByRole('dialog')).getByRole('button', {
      name: 'Request repair',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Reason/), 'replicas drifted');
    await userEvent.click(confirm);

    expect(
      await screen.findByText(/Repair requested \(change request cr-7\)/),
    ).toBeInTheDocument();
    expect(createChangeRequest).toHaveBeenCalledWith(TENANT_ID, {
      changes: { repair: true },
      reason: 'replicas drifted',
    });
    expect(repairTenant).not.toHaveBeenCalled();
  });

  it('offers no repair while the tenant is in sync', async () => {
    await renderCard({
      getDrift: async () => ({ ...about, state: 'in_sync', differences: [] }),
    });
    await screen.findByText(
      'In sync: every object matches what the phases apply.',
    );
    expect(
      screen.queryByRole('button', { name: /Repair/ }),
    ).not.toBeInTheDocument();
  });
});
