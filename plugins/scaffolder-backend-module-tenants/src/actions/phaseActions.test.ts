import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createRenderContext,
  listCrdNames,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { createPhaseAction } from './phaseActions';
import { acmeSpecInput } from '../__testUtils__/tenantSpec';

// listCrdNames and readExistingSecretValues are mocks; tenants-node's
// cachedCrdNames and secretObjects call them (see mockClusterReads).
jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('../__testUtils__/mockClusterReads').mockClusterReads(),
  namespaceExists: jest.fn(),
  waitForWorkloads: jest.fn(),
}));

const spec = acmeSpecInput;

function setup() {
  const tenantService = { reportPhase: jest.fn(async () => {}) };
  const clusters = { kubeConfig: jest.fn(async () => ({})) } as any;
  const deps = {
    clusters,
    tenantService,
    renderContext: createRenderContext(),
  };
  return { tenantService, deps };
}

describe('tenant:<phase> actions', () => {
  it('fails naming the missing CRD, reports the failure and uses a per-tenant checkpoint', async () => {
    jest
      .mocked(listCrdNames)
      .mockResolvedValue(['certificates.cert-manager.io']);
    const { tenantService, deps } = setup();
    const action = createPhaseAction('ingress', deps);
    expect(action.id).toBe('tenant:ingress');
    const ctx = createMockActionContext({
      input: { tenantId: 't-1', cluster: 'local', spec },
    });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');

    const message =
      'Phase ingress needs the CustomResourceDefinition dnsendpoints.externaldns.k8s.io, which the cluster does not serve; install it on the cluster and retry';
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'tenant-phase-ingress-t-1' }),
    );
    expect(tenantService.reportPhase.mock.calls).toEqual([
      ['t-1', 'ingress', { type: 'started' }],
      [
        't-1',
        'ingress',
        {
          type: 'failed',
          message: `Phase ingress failed: ${message}`,
          level: 'error',
        },
      ],
    ]);
  });

  it('skips the work when the checkpoint says the phase already succeeded', async () => {
    const { tenantService, deps } = setup();
    const ctx = {
      ...createMockActionContext({
        input: { tenantId: 't-1', cluster: 'local', spec },
      }),
      checkpoint: jest.fn(async () => ({ objects: 3 })),
    };
    await createPhaseAction('namespace', deps).handler(ctx as any);
    expect(tenantService.reportPhase).not.toHaveBeenCalled();
  });
});
