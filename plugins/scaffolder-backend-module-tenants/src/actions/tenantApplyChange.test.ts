import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applyObjects,
  createRenderContext,
  listCrdNames,
  prepareStatefulSetStorage,
  pruneObjects,
  waitForWorkloads,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { appliedAsCreated } from '../__testUtils__/appliedAsCreated';
import { approvedChangeRequest } from '../__testUtils__/changeRequest';
import { createApplyChangeAction } from './tenantApplyChange';

// listCrdNames and readExistingSecretValues are mocks; tenants-node's
// cachedCrdNames and secretObjects call them (see mockClusterReads).
jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('../__testUtils__/mockClusterReads').mockClusterReads(),
  applyObjects: jest.fn(),
  prepareStatefulSetStorage: jest.fn(),
  pruneObjects: jest.fn(),
  waitForWorkloads: jest.fn(),
}));

const ID = '5b1d7c57-2f0e-4d4c-9f57-0c6a7d1b2a10';
const approved = approvedChangeRequest(ID);

function setup(request: object = approved) {
  const tenantService = {
    getChangeRequest: jest.fn(async () => request as any),
    reportChange: jest.fn(async (_id: string, event: any) =>
      event.type === 'applied'
        ? ({ ...approved, status: 'applied', appliedSpecVersion: 2 } as any)
        : (approved as any),
    ),
  };
  const action = createApplyChangeAction({
    clusters: { kubeConfig: jest.fn(async () => ({})) } as any,
    tenantService,
    renderContext: createRenderContext(),
  });
  const ctx = createMockActionContext({ input: { changeRequestId: ID } });
  return { tenantService, action, ctx };
}

describe('tenant:apply-change', () => {
  beforeEach(() => {
    jest.resetAllMocks();
    jest
      .mocked(listCrdNames)
      .mockResolvedValue([
        'certificates.cert-manager.io',
        'dnsendpoints.externaldns.k8s.io',
      ]);
    jest
      .mocked(prepareStatefulSetStorage)
      .mockResolvedValue({ recreated: [], expanded: [], kept: [] });
    jest.mocked(applyObjects).mockImplementation(appliedAsCreated);
    jest.mocked(pruneObjects).mockResolvedValue([]);
  });

  it('applies only the changed phases, each in a checkpoint, and reports started and applied', async () => {
    jest
      .mocked(pruneObjects)
      .mockResolvedValue(['deployment/bi-platform', 'service/bi-platform']);
    const { tenantService, action, ctx } = setup();
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx);

    expect(checkpoint.mock.calls.map(([c]) => c.key)).toEqual([
      `tenant-change-${ID}-control-plane`,
      `tenant-change-${ID}-data-plane`,
    ]);
    expect(tenantService.reportChange.mock.calls.map(c => c[1].type)).toEqual([
      'started',
      'log',
      'log',
      'applied',
    ]);
    expect(tenantService.reportChange.mock.calls[0][1]).toEqual({
      type: 'started',
      taskId: ctx.task.id,
    });
    expect(tenantService.reportChange.mock.calls[2][1].message).toBe(
      'Phase data-plane applied: 8 created; pruned: deployment/bi-platform, service/bi-platform; 4 workload(s) ready',
    );
    expect(pruneObjects).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({
        labelSelector:
          'app.kubernetes.io/managed-by=tenant-platform,tenants.dev/tenant=acme,tenants.dev/phase=data-plane',
        namespace: 'tenant-acme',
      }),
    );
    expect(waitForWorkloads).toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('specVersion', 2);
    expect(ctx.output).toHaveBeenCalledWith('phases', [
      'control-plane',
      'data-plane',
    ]);
  });

  it('refuses a request that is not approved, touching nothing', async () => {
    const { tenantService, action, ctx } = setup({
      ...approved,
      status: 'pending',
      fromSpec: undefined,
      targetSpec: undefined,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      `Change request ${ID} is pending; only an approved change request can be applied`,
    );
    expect(tenantService.reportChange).not.toHaveBeenCalled();
    expect(applyObjects).not.toHaveBeenCalled();
  });

  it('touches nothing when the Tenant Service refuses the start', async () => {
    const { tenantService, action, ctx } = setup();
    tenantService.reportChange.mockRejectedValueOnce(
      new Error('The change request is rejected'),
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'The change request is rejected',
    );
    expect(applyObjects).not.toHaveBeenCalled();
  });

  it('reports a failed phase and fails the task', async () => {
    jest
      .mocked(waitForWorkloads)
      .mockRejectedValue(new Error('Workload failed: deployment/ai-engine'));
    const { tenantService, action, ctx } = setup();
    await expect(action.handler(ctx)).rejects.toThrow(
      'Workload failed: deployment/ai-engine',
    );
    expect(tenantService.reportChange.mock.calls.at(-1)![1]).toEqual({
      type: 'failed',
      level: 'error',
      message: `Applying change request ${ID} failed: Workload failed: deployment/ai-engine`,
    });
  });

  it('does nothing for a request that is already applied', async () => {
    const { tenantService, action, ctx } = setup({
      ...approved,
      status: 'applied',
      appliedSpecVersion: 2,
    });
    await action.handler(ctx);
    expect(tenantService.reportChange).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('specVersion', 2);
  });
});
