import type {
  KubeConfig,
  V1Deployment,
  V1Namespace,
  V1Pod,
} from '@kubernetes/client-node';
import { computeResourceStatus } from './kstatus';
import { FAULT_INJECTION_LABEL, InjectedFault } from './faults';
import { loadKubernetesClient } from './loadKubernetesClient';
import { waitForObject } from './waitForObject';
import {
  loadTestKubeConfig,
  uniqueNamespace,
} from '../__testUtils__/testKubeConfig';

jest.setTimeout(120_000);

const isCurrent = (obj?: object) =>
  !!obj && computeResourceStatus(obj).status === 'Current';

function deploymentManifest(
  namespace: string,
  name: string,
  replicas: number,
  labels: Record<string, string> = {},
): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...labels } },
        spec: {
          containers: [{ name: 'main', image: 'registry.local/smoke:1' }],
        },
      },
    },
  };
}

describe('local Kubernetes control plane (real kube-apiserver, controller manager, scheduler, kwok)', () => {
  let kubeConfig: KubeConfig;
  let k8s: Awaited<ReturnType<typeof loadKubernetesClient>>;
  const namespaces: string[] = [];

  async function createNamespace(prefix: string) {
    const name = uniqueNamespace(prefix);
    await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .createNamespace({ body: { metadata: { name } } });
    namespaces.push(name);
    return name;
  }

  beforeAll(async () => {
    kubeConfig = await loadTestKubeConfig();
    k8s = await loadKubernetesClient();
  });

  afterAll(async () => {
    const core = kubeConfig?.makeApiClient(k8s.CoreV1Api);
    await Promise.all(
      namespaces.map(name =>
        core?.deleteNamespace({ name }).catch(() => undefined),
      ),
    );
  });

  it('rolls out a deployment, scales it, and finalizes namespace deletion', async () => {
    const namespace = await createNamespace('smoke');
    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const ref = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace,
      name: 'web',
    };
    const describe = (d?: V1Deployment) =>
      d ? computeResourceStatus(d).message : 'absent';

    await apps.createNamespacedDeployment({
      namespace,
      body: deploymentManifest(namespace, 'web', 2),
    });
    const rolledOut = await waitForObject<V1Deployment>(kubeConfig, ref, {
      until: isCurrent,
      describe,
      timeoutMs: 60_000,
    });
    expect(rolledOut?.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });

    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: 'app=web',
    });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toBeTruthy(); // bound by kube-scheduler to a kwok node
    }

    await apps.patchNamespacedDeployment(
      {
        namespace,
        name: 'web',
        body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const scaled = await waitForObject<V1Deployment>(kubeConfig, ref, {
      until: d => isCurrent(d) && d?.status?.readyReplicas === 3,
      describe,
      timeoutMs: 60_000,
    });
    expect(scaled?.metadata?.generation).toBe(2);
    expect(scaled?.status).toMatchObject({
      observedGeneration: 2,
      readyReplicas: 3,
      availableReplicas: 3,
    });

    await core.deleteNamespace({ name: namespace });
    const gone = await waitForObject<V1Namespace>(
      kubeConfig,
      { apiVersion: 'v1', kind: 'Namespace', name: namespace },
      {
        until: ns => ns === undefined,
        describe: ns => `phase ${ns?.status?.phase}`,
        timeoutMs: 90_000,
      },
    );
    expect(gone).toBeUndefined();
  });

  // Creates a pod carrying a fault label and waits until its status satisfies `until`.
  async function faultyPod(
    fault: InjectedFault,
    until: (pod: V1Pod | undefined) => boolean,
  ): Promise<V1Pod> {
    const namespace = await createNamespace(fault);
    const name = `${fault}-pod`;
    await kubeConfig.makeApiClient(k8s.CoreV1Api).createNamespacedPod({
      namespace,
      body: {
        metadata: {
          name,
          namespace,
          labels: { [FAULT_INJECTION_LABEL]: fault },
        },
        spec: {
          containers: [{ name: 'main', image: 'registry.local/smoke:1' }],
        },
      },
    });
    const pod = await waitForObject<V1Pod>(
      kubeConfig,
      { apiVersion: 'v1', kind: 'Pod', namespace, name },
      {
        until,
        describe: p => (p ? computeResourceStatus(p).message : 'absent'),
        timeoutMs: 60_000,
      },
    );
    return pod!;
  }

  it('has ClusterIPs for the Services of more than 20 tenants (the default range holds 253)', async () => {
    const namespace = await createNamespace('services-room');
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const names = Array.from({ length: 300 }, (_, i) => `svc-${i}`);
    const ips: string[] = [];
    for (let start = 0; start < names.length; start += 20) {
      const created = await Promise.all(
        names.slice(start, start + 20).map(name =>
          core.createNamespacedService({
            namespace,
            body: {
              metadata: { name },
              spec: { ports: [{ port: 80 }], selector: { app: name } },
            },
          }),
        ),
      );
      ips.push(...created.map(svc => svc.spec?.clusterIP ?? ''));
    }
    expect(ips.filter(ip => /^10\.(0|96)\.\d+\.\d+$/.test(ip))).toHaveLength(
      300,
    );
    expect(new Set(ips).size).toBe(300);
  });

  it('keeps a pod carrying the never-ready fault label unready and says why', async () => {
    // Wait until kwok has taken the pod over (it is Running), then read why it is not ready.
    const pod = await faultyPod(
      'never-ready',
      p => p?.status?.phase === 'Running',
    );
    const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
    expect(ready?.status).toBe('False');
    expect(`${ready?.reason} ${ready?.message}`).toMatch(/inject/i);
    const status = computeResourceStatus(pod);
    expect(status.status).toBe('InProgress');
    expect(status.message).toMatch(/inject/i);
  });

  it('shows a crash-looping container for a pod carrying the container-fail fault label', async () => {
    const pod = await faultyPod(
      'container-fail',
      p => !!p && computeResourceStatus(p).status === 'Failed',
    );
    expect(computeResourceStatus(pod).message).toMatch(
      /^container main: CrashLoopBackOff/,
    );
    const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
    expect(ready?.status).toBe('False');
    expect(ready?.reason).toBe('FaultInjectedContainerFail');
  });
});
