import { acmeSpecInput } from '../__testUtils__/tenantSpec';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applyObjects,
  createRenderContext,
  FAULT_INJECTION_LABEL,
  listCrdNames,
  waitForWorkloads,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { createPhaseAction } from '../actions/phaseActions';
import {
  faultInjectionFromConfig,
  faultsForTenant,
  readInjectedFaults,
} from './faultInjection';

// listCrdNames and readExistingSecretValues are mocks; tenants-node's
// cachedCrdNames and secretObjects call them (see mockClusterReads).
jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('../__testUtils__/mockClusterReads').mockClusterReads(),
  applyObjects: jest.fn(
    jest.requireActual('../__testUtils__/appliedAsCreated').appliedAsCreated,
  ),
  namespaceExists: jest.fn(),
  waitForWorkloads: jest.fn(async () => {}),
}));

jest.mock('./faultInjection', () => ({
  ...jest.requireActual('./faultInjection'),
  readInjectedFaults: jest.fn(),
}));
describe('faultInjectionFromConfig', () => {
  it('is off unless enabled', () => {
    expect(faultInjectionFromConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      faultInjectionFromConfig(
        new ConfigReader({
          tenants: { provisioning: { faultInjection: { enabled: false } } },
        }),
      ),
    ).toBeUndefined();
  });

  it('reads the ConfigMap location, with defaults', () => {
    expect(
      faultInjectionFromConfig(
        new ConfigReader({
          tenants: { provisioning: { faultInjection: { enabled: true } } },
        }),
      ),
    ).toEqual({
      namespace: 'tenant-platform-faults',
      configMap: 'injected-faults',
    });
    expect(
      faultInjectionFromConfig(
        new ConfigReader({
          tenants: {
            provisioning: {
              faultInjection: {
                enabled: true,
                namespace: 'faults',
                configMap: 'mine',
              },
            },
          },
        }),
      ),
    ).toEqual({ namespace: 'faults', configMap: 'mine' });
  });
});

describe('faultsForTenant', () => {
  it('applies shared entries and the tenant’s own, which win', () => {
    expect(
      faultsForTenant(
        {
          'ai-engine': 'container-fail',
          postgres: 'never-ready',
          'acme.postgres': 'container-fail',
          'other.redis': 'never-ready',
        },
        'acme',
      ),
    ).toEqual({
      faults: { 'ai-engine': 'container-fail', postgres: 'container-fail' },
      ignored: [],
    });
  });

  it('reports unknown faults and keys without a workload', () => {
    expect(
      faultsForTenant(
        { redis: 'explode', 'acme.': 'never-ready', 'x.redis': 'boom' },
        'acme',
      ),
    ).toEqual({
      faults: {},
      ignored: [
        "redis: unknown fault 'explode' (use container-fail or never-ready)",
        'acme.: no workload name',
      ],
    });
    expect(faultsForTenant(undefined, 'acme')).toEqual({
      faults: {},
      ignored: [],
    });
  });
});

describe('phase actions with fault injection', () => {
  const spec = acmeSpecInput;

  /** The fault label of the tenant-config pods the control-plane phase applied last. */
  function appliedFaultLabel() {
    const objects = jest.mocked(applyObjects).mock.calls.at(-1)![1];
    const deployment = objects.find(o => o.kind === 'Deployment') as any;
    return deployment.spec.template.metadata.labels[FAULT_INJECTION_LABEL];
  }

  it('reads the faults from the cluster at every run, so that clearing them needs no restart', async () => {
    jest.mocked(listCrdNames).mockResolvedValue([]);
    const clusters = { kubeConfig: jest.fn(async () => ({ id: 'kc' })) };
    const faultInjection = { namespace: 'faults', configMap: 'injected' };
    const action = createPhaseAction('control-plane', {
      clusters: clusters as any,
      tenantService: { reportPhase: jest.fn(async () => {}) },
      renderContext: createRenderContext(),
      faultInjection,
    });
    const warnings: string[] = [];
    const run = () => {
      const ctx = createMockActionContext({
        input: { tenantId: 't-1', cluster: 'local', spec },
      });
      jest
        .spyOn(ctx.logger, 'warn')
        .mockImplementation((message: any) => warnings.push(message) as any);
      return action.handler(ctx as any);
    };

    jest.mocked(readInjectedFaults).mockResolvedValueOnce({
      faults: { 'tenant-config': 'container-fail' },
      ignored: ["redis: unknown fault 'x'"],
    });
    await run();
    expect(readInjectedFaults).toHaveBeenLastCalledWith(
      { id: 'kc' },
      faultInjection,
      'acme',
    );
    expect(appliedFaultLabel()).toBe('container-fail');
    expect(warnings).toEqual([
      "Fault injection: ignoring redis: unknown fault 'x'",
      'Fault injection (development and tests only): tenant-config=container-fail',
    ]);
    expect(waitForWorkloads).toHaveBeenCalled();

    jest
      .mocked(readInjectedFaults)
      .mockResolvedValueOnce({ faults: {}, ignored: [] });
    await run();
    expect(readInjectedFaults).toHaveBeenCalledTimes(2);
    expect(appliedFaultLabel()).toBeUndefined();
  });

  it('does not read the cluster when fault injection is off', async () => {
    jest.mocked(readInjectedFaults).mockClear();
    const action = createPhaseAction('control-plane', {
      clusters: { kubeConfig: jest.fn(async () => ({})) } as any,
      tenantService: { reportPhase: jest.fn(async () => {}) },
      renderContext: createRenderContext({
        injectedFaults: { 'tenant-config': 'never-ready' },
      }),
    });
    await action.handler(
      createMockActionContext({
        input: { tenantId: 't-1', cluster: 'local', spec },
      }) as any,
    );
    expect(readInjectedFaults).not.toHaveBeenCalled();
    expect(appliedFaultLabel()).toBe('never-ready');
  });
});

describe('readInjectedFaults', () => {
  it('treats a missing ConfigMap as no faults', async () => {
    const { readInjectedFaults: read } = jest.requireActual('./faultInjection');
    const kubeConfig = {
      makeApiClient: () => ({
        readNamespacedConfigMap: async () => {
          throw Object.assign(new Error('not found'), { code: 404 });
        },
      }),
    };
    await expect(
      read(kubeConfig, { namespace: 'n', configMap: 'c' }, 'acme'),
    ).resolves.toEqual({ faults: {}, ignored: [] });
  });

  it('passes on other errors', async () => {
    const { readInjectedFaults: read } = jest.requireActual('./faultInjection');
    const kubeConfig = {
      makeApiClient: () => ({
        readNamespacedConfigMap: async () => {
          throw Object.assign(new Error('forbidden'), { code: 403 });
        },
      }),
    };
    await expect(
      read(kubeConfig, { namespace: 'n', configMap: 'c' }, 'acme'),
    ).rejects.toThrow('forbidden');
  });
});
