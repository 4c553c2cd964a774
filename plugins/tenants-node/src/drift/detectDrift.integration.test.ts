import type { KubeConfig } from '@kubernetes/client-node';
import { createServer, type AddressInfo } from 'node:net';
import { loadTestKubeConfig } from '../__testUtils__/testKubeConfig';
import { cachedCrdNames } from '../crds/cachedCrdNames';
import { applyObjects } from '../kubernetes/applyObjects';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { buildSpec } from '../render/__testUtils__/fixtures';
import { createRenderContext } from '../render/context';
import {
  FIELD_MANAGER,
  tenantLabels,
  tenantNamespaceName,
} from '../render/labels';
import { renderPhase } from '../render/renderPhase';
import { APPLY_PHASES } from '../render/applyPhases';
import { secretObjects } from '../secrets/secretObjects';
import { teardownTenant } from '../teardown/teardownTenant';
import { detectDrift } from './detectDrift';

jest.setTimeout(120_000);

const slug = `drift${Date.now().toString(36)}`;
const spec = buildSpec({ details: { slug } });
const namespace = tenantNamespaceName(slug);
const context = createRenderContext();
const WAREHOUSE_PASSWORD = 'warehouse-password-value';

/** A drift check that read the cluster. */
async function check(kubeConfig: KubeConfig) {
  const drift = await detectDrift(kubeConfig, spec, context);
  if (drift.state === 'unknown') throw new Error(drift.reason);
  return drift;
}

describe('detectDrift against the local cluster', () => {
  let kubeConfig: KubeConfig;
  let k8s: Awaited<ReturnType<typeof loadKubernetesClient>>;

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
    k8s = await loadKubernetesClient();
    const availableCrds = await cachedCrdNames(kubeConfig);
    for (const phase of APPLY_PHASES) {
      const objects =
        phase === 'secrets'
          ? await secretObjects(kubeConfig, spec, namespace, {
              warehousePassword: WAREHOUSE_PASSWORD,
            })
          : renderPhase(phase, spec, { ...context, availableCrds });
      await applyObjects(kubeConfig, objects, { fieldManager: FIELD_MANAGER });
    }
  });

  afterAll(async () => {
    await teardownTenant(kubeConfig, { spec, timeoutMs: 60_000 });
  });

  it('finds a tenant just applied in sync, with one list per kind', async () => {
    const drift = await check(kubeConfig);
    expect(drift.differences).toEqual([]);
    expect(drift.state).toBe('in_sync');
    expect(drift.requests).toBeGreaterThan(5);
    expect(drift.requests).toBeLessThan(25);
  });

  it('lists what was changed by hand: a field, a deleted object, a stray object and Secrets, never a secret value', async () => {
    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const networking = kubeConfig.makeApiClient(k8s.NetworkingV1Api);
    const mergePatch = k8s.setHeaderOptions(
      'Content-Type',
      k8s.PatchStrategy.MergePatch,
    );
    await apps.patchNamespacedDeployment(
      {
        name: 'tenant-config',
        namespace,
        fieldManager: 'kubectl-edit',
        body: { spec: { replicas: 3 } },
      },
      mergePatch,
    );
    await networking.deleteNamespacedNetworkPolicy({
      name: 'allow-dns-egress',
      namespace,
    });
    await core.createNamespacedConfigMap({
      namespace,
      body: {
        metadata: {
          name: 'stray',
          labels: tenantLabels(slug, 'control-plane'),
        },
      },
    });
    await core.patchNamespacedSecret(
      {
        name: 'postgres-credentials',
        namespace,
        fieldManager: 'kubectl-edit',
        body: {
          data: {
            username: Buffer.from('intruder').toString('base64'),
            password: null,
          },
        },
      },
      mergePatch,
    );

    const drift = await check(kubeConfig);
    expect(drift.state).toBe('drifted');
    expect(drift.differences).toEqual(
      expect.arrayContaining([
        {
          type: 'field',
          object: 'deployment/tenant-config',
          namespace,
          phase: 'control-plane',
          path: 'spec.replicas',
          live: 3,
          desired: expect.any(Number),
        },
        {
          type: 'missing',
          object: 'networkpolicy/allow-dns-egress',
          namespace,
          phase: 'namespace',
        },
        { type: 'unexpected', object: 'configmap/stray', namespace },
        {
          type: 'field',
          object: 'secret/postgres-credentials',
          namespace,
          phase: 'secrets',
          path: 'data.username',
        },
        {
          type: 'field',
          object: 'secret/postgres-credentials',
          namespace,
          phase: 'secrets',
          path: 'data.password',
        },
      ]),
    );
    expect(drift.differences).toHaveLength(5);
    const text = JSON.stringify(drift);
    expect(text).not.toContain('intruder');
    expect(text).not.toContain(Buffer.from('intruder').toString('base64'));
    expect(text).not.toContain(WAREHOUSE_PASSWORD);
  });

  it('is unknown, with the reason, when the cluster cannot be reached', async () => {
    const { KubeConfig: KubeConfigClass } = await loadKubernetesClient();
    const unreachable = new KubeConfigClass();
    // A loopback port nothing listens on (the server of a closed listener).
    const port = await closedLoopbackPort();
    unreachable.loadFromOptions({
      clusters: [{ name: 'gone', server: `https://127.0.0.1:${port}` }],
      users: [{ name: 'gone', token: 'unused' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'gone' }],
      currentContext: 'gone',
    });
    const drift = await detectDrift(unreachable, spec, context);
    expect(drift).toEqual({
      state: 'unknown',
      reason: expect.stringContaining(`ECONNREFUSED 127.0.0.1:${port}`),
      requests: 0,
    });
  });
});

function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
