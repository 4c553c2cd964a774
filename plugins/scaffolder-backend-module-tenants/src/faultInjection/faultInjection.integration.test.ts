import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ClusterRegistry,
  createRenderContext,
  deleteLabelledObjects,
  loadKubernetesClient,
  tenantSelector,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  LOCAL_TEST_CLUSTER,
  localTestClusters,
  uniqueSuffix,
} from '../__testUtils__/localCluster';
import { testTenantSpec } from '../__testUtils__/tenantSpec';
import { faultInjectionFromConfig, readInjectedFaults } from './faultInjection';
import { createPhaseAction } from '../actions/phaseActions';

/**
 * Fault injection through the cluster's ConfigMap, as the dev backend and the
 * end-to-end tests use it: a phase fails while the fault is there and
 * succeeds once it is cleared, with the same actions (no restart).
 */

jest.setTimeout(300_000);

const CLUSTER = LOCAL_TEST_CLUSTER;
const unique = uniqueSuffix();
const slug = `fi${unique}`;
const faultsNamespace = `faults-it-${unique}`;
const config = new ConfigReader({
  tenants: {
    clusters: localTestClusters(),
    provisioning: {
      faultInjection: {
        enabled: true,
        namespace: faultsNamespace,
        configMap: 'injected-faults',
      },
    },
  },
});
const clusters = ClusterRegistry.fromConfig(config);
const faultInjection = faultInjectionFromConfig(config)!;

const spec = testTenantSpec(slug, { dataSources: [] });

const deps = {
  clusters,
  tenantService: { reportPhase: async () => {} },
  renderContext: createRenderContext(),
  readinessTimeoutMs: 120_000,
  faultInjection,
};

const context = () =>
  createMockActionContext({
    input: { tenantId: `tenant-${slug}`, cluster: CLUSTER, spec } as any,
  });

async function core() {
  const k8s = await loadKubernetesClient();
  return (await clusters.kubeConfig(CLUSTER)).makeApiClient(k8s.CoreV1Api);
}

async function setFaults(data: Record<string, string>) {
  const api = await core();
  const body = {
    metadata: { name: 'injected-faults', namespace: faultsNamespace },
    data,
  };
  try {
    await api.replaceNamespacedConfigMap({
      name: 'injected-faults',
      namespace: faultsNamespace,
      body,
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
    await api.createNamespacedConfigMap({ namespace: faultsNamespace, body });
  }
}

describe('fault injection from the cluster', () => {
  beforeAll(async () => {
    await (
      await core()
    ).createNamespace({ body: { metadata: { name: faultsNamespace } } });
  });

  afterAll(async () => {
    const kubeConfig = await clusters.kubeConfig(CLUSTER);
    await deleteLabelledObjects(kubeConfig, {
      labelSelector: tenantSelector(slug),
      kinds: [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'v1', kind: 'Namespace' },
      ],
      timeoutMs: 60_000,
    });
    await (await core())
      .deleteNamespace({ name: faultsNamespace })
      .catch(() => undefined);
  });

  it('reads nothing while there is no ConfigMap', async () => {
    await expect(
      readInjectedFaults(
        await clusters.kubeConfig(CLUSTER),
        faultInjection,
        slug,
      ),
    ).resolves.toEqual({ faults: {}, ignored: [] });
  });

  it('fails a phase while its workload has a fault and passes once the fault is cleared', async () => {
    await setFaults({
      [`${slug}.tenant-config`]: 'container-fail',
      'someone-else.tenant-config': 'never-ready',
    });
    await createPhaseAction('namespace', deps).handler(context());
    await expect(
      createPhaseAction('control-plane', deps).handler(context()),
    ).rejects.toThrow(
      /Workload failed: deployment\/tenant-config \(pod\/tenant-config-.*CrashLoopBackOff/,
    );

    await setFaults({});
    await expect(
      createPhaseAction('control-plane', deps).handler(context()),
    ).resolves.toBeUndefined();
  });
});
