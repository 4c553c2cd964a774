import {
  APP_NAME_LABEL,
  computeResourceStatus,
  loadKubernetesClient,
  waitForObjects,
  WaitTimeoutError,
  type ClusterRegistry,
  type SecretValues,
} from '@internal/backstage-plugin-tenants-node';
import {
  decodeSecretData,
  workloadProgress,
  type ObservedWorkload,
  type WorkloadProgress,
} from './helpers';
import {
  isCurrentRevisionPod,
  podsBlockingStatefulSetRollout,
} from './podRevision';

/** The client's KubeConfig, without depending on @kubernetes/client-node here. */
export type KubeConfig = Awaited<ReturnType<ClusterRegistry['kubeConfig']>>;

/** Names (`<plural>.<group>`) of the CustomResourceDefinitions the cluster serves. */
export async function listCrdNames(kubeConfig: KubeConfig): Promise<string[]> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.ApiextensionsV1Api);
  const list = await api.listCustomResourceDefinition();
  return list.items.map(crd => crd.metadata?.name ?? '').filter(Boolean);
}

export async function namespaceExists(
  kubeConfig: KubeConfig,
  name: string,
): Promise<boolean> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.CoreV1Api);
  try {
    await api.readNamespace({ name });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}

/** The decoded values of the given Secrets that exist in the namespace. */
export async function readExistingSecretValues(
  kubeConfig: KubeConfig,
  namespace: string,
  names: string[],
): Promise<SecretValues> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const secrets = await Promise.all(
    names.map(async name => {
      try {
        const secret = await api.readNamespacedSecret({ name, namespace });
        return [name, decodeSecretData(secret.data)] as const;
      } catch (error) {
        if ((error as { code?: number }).code !== 404) throw error;
        return undefined;
      }
    }),
  );
  const result: Record<string, Record<string, string>> = {};
  for (const secret of secrets) {
    if (secret) result[secret[0]] = secret[1];
  }
  return result;
}

/** What the task log says when applying loses the API server (it is retried). */
export const connectionLostWhileApplying = (reason: string) =>
  `Lost the connection to the cluster's API server while applying (${reason}); sending the requests again for up to 30s`;

/** A workload the phase renders and must become Current. */
export interface ExpectedRef {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
}

export interface WaitForWorkloadsOptions {
  namespace: string;
  /** Tenant + phase label selector. */
  labelSelector: string;
  expected: ExpectedRef[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called when the progress message changes. */
  onProgress: (progress: WorkloadProgress) => void;
  /**
   * Told what the wait does to the cluster (replacing pods that block a
   * rollout) and when it loses and regains the API server.
   */
  onInfo?: (message: string) => void;
}

/**
 * Waits, by watching, until every expected workload is Current by kstatus.
 * Fails right away when a workload or one of its pods is Failed (e.g.
 * CrashLoopBackOff), and on timeout names what is not ready. Deletes the pods
 * that would hold up a StatefulSet's rollout for good (an older revision's
 * pods that are not Ready, see {@link podsBlockingStatefulSetRollout}), so that
 * a fixed spec rolls out.
 */
export async function waitForWorkloads(
  kubeConfig: KubeConfig,
  options: WaitForWorkloadsOptions,
): Promise<void> {
  if (options.expected.length === 0) return;
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const kinds = [
    ...new Set(options.expected.map(e => e.kind)),
  ] as ExpectedRef['kind'][];
  // ReplicaSets tell which Deployment pods belong to the current revision.
  const watched = [
    ...kinds,
    ...(kinds.includes('Deployment') ? ['ReplicaSet'] : []),
    'Pod',
  ];
  const observed = new Map<string, Map<string, any>>(
    watched.map(kind => [kind, new Map()]),
  );
  const internal = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, internal.signal])
    : internal.signal;

  let last: WorkloadProgress | undefined;
  let lastMessage = '';
  let outcome: { done: true } | { error: Error } | undefined;
  const settle = (value: { done: true } | { error: Error }) => {
    if (outcome) return;
    outcome = value;
    internal.abort();
  };

  const replaced = new Set<string>();
  const replaceBlockingPods = () => {
    const pods = observed.get('Pod')!.values();
    for (const pod of podsBlockingStatefulSetRollout(pods, observed)) {
      const name: string = pod.metadata?.name ?? '';
      if (replaced.has(pod.metadata?.uid ?? name)) continue;
      replaced.add(pod.metadata?.uid ?? name);
      const owner = pod.metadata?.ownerReferences?.find(
        (r: any) => r.controller,
      );
      options.onInfo?.(
        `Deleting pod/${name}: it is of an older revision of statefulset/${owner?.name} and not ready, which holds up the rollout; the StatefulSet recreates it from its current revision`,
      );
      core
        .deleteNamespacedPod({ name, namespace: options.namespace })
        .catch((error: { code?: number; message?: string }) => {
          if (error.code !== 404) {
            options.onInfo?.(`Could not delete pod/${name}: ${error.message}`);
          }
        });
    }
  };

  const listed = new Set<string>();
  const evaluate = () => {
    // Judge only once every kind has been listed, so nothing shows as missing that exists.
    if (listed.size < watched.length) return;
    replaceBlockingPods();
    const workloads: ObservedWorkload[] = options.expected.map(e => ({
      ...e,
      object: observed.get(e.kind)!.get(e.name),
    }));
    const progress = workloadProgress(workloads);
    const podFailures = [...observed.get('Pod')!.values()]
      .filter(pod => isCurrentRevisionPod(pod, observed))
      .map(pod => ({ pod, status: podFailure(pod) }))
      .filter(p => p.status);
    if (!progress.failure && podFailures.length > 0) {
      progress.failure = podFailures
        .map(p => {
          const app = p.pod.metadata?.labels?.[APP_NAME_LABEL];
          const owner = options.expected.find(e => e.name === app);
          const pod = `pod/${p.pod.metadata?.name}`;
          return `${
            owner ? `${owner.kind.toLowerCase()}/${owner.name} (${pod})` : pod
          }: ${p.status}`;
        })
        .join('; ');
    }
    last = progress;
    if (progress.message !== lastMessage) {
      lastMessage = progress.message;
      options.onProgress(progress);
    }
    if (progress.failure) {
      settle({ error: new Error(`Workload failed: ${progress.failure}`) });
    } else if (progress.ready === progress.total) {
      settle({ done: true });
    }
  };

  // The kinds' watches lose and regain the API server together: say it once.
  let connectionLost = false;
  const onConnectionLost = (reason: string) => {
    if (connectionLost) return;
    connectionLost = true;
    options.onInfo?.(
      `Lost the connection to the cluster's API server (${reason}); watching again as soon as it answers, until the readiness deadline`,
    );
  };
  const onReconnected = (downForMs: number) => {
    if (!connectionLost) return;
    connectionLost = false;
    options.onInfo?.(
      `The cluster's API server answers again after ${Math.round(
        downForMs / 1000,
      )}s; watching the workloads again`,
    );
  };

  const waits = watched.map(kind =>
    waitForObjects(
      kubeConfig,
      {
        apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
        kind,
        namespace: options.namespace,
        labelSelector: options.labelSelector,
      },
      {
        until: () => outcome !== undefined,
        onChange: objects => {
          const byName = observed.get(kind)!;
          listed.add(kind);
          byName.clear();
          for (const obj of objects) byName.set(obj.metadata?.name ?? '', obj);
          evaluate();
        },
        timeoutMs: options.timeoutMs,
        signal,
        describe: () => last?.message ?? 'nothing observed yet',
        onConnectionLost,
        onReconnected,
      },
    ).then(
      () => settle({ done: true }),
      (error: Error) => {
        if (error instanceof WaitTimeoutError) {
          const seconds = Math.round(options.timeoutMs / 1000);
          const unreachable = connectionLost
            ? "the cluster's API server did not answer again in time; last observed: "
            : '';
          settle({
            error: new Error(
              `Timed out after ${seconds}s waiting for workloads: ${unreachable}${
                last?.message ?? 'nothing observed yet'
              }`,
            ),
          });
        } else {
          settle({ error });
        }
      },
    ),
  );
  await Promise.all(waits);
  options.signal?.throwIfAborted();
  if (outcome && 'error' in outcome) throw outcome.error;
}

/** Why a pod failed by kstatus (e.g. CrashLoopBackOff), or undefined. */
function podFailure(pod: any): string | undefined {
  const { status, message } = computeResourceStatus(pod);
  return status === 'Failed' ? message : undefined;
}
