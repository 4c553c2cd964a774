import type { KubernetesObject } from '@kubernetes/client-node';
import {
  FIELD_MANAGER,
  waitForObjects,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';

type Workload = KubernetesObject & {
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; replicas?: number };
};

type Pod = KubernetesObject & {
  status?: { conditions?: Array<{ type: string; status: string }> };
};

const condition = (pod: Pod, type: string) =>
  pod.status?.conditions?.find(c => c.type === type)?.status;
const ready = (pod: Pod) => condition(pod, 'Ready') === 'True';
const unschedulable = (pod: Pod) => condition(pod, 'PodScheduled') === 'False';

/**
 * The controller manager has made the pods of a workload: a Deployment has
 * as many pods as replicas; a StatefulSet (pods one after the other, the
 * next once the last is Ready) at least its first.
 */
const WORKLOADS = [
  ['Deployment', (w: Workload) => w.spec?.replicas ?? 1],
  ['StatefulSet', (w: Workload) => Math.min(1, w.spec?.replicas ?? 1)],
] as const;

/** Calls `log(what())` at most every 15 s. */
function throttled(log: (message: string) => void, what: () => string) {
  let last = Date.now();
  return () => {
    if (Date.now() - last < 15_000) return;
    last = Date.now();
    log(what());
  };
}

/**
 * Waits, by watching, until the controllers are done with the objects in
 * `namespaces`: every Deployment and StatefulSet (`expected[kind]` of them)
 * has its pods, and every pod is Ready or found unschedulable. Answers the
 * pods and how many are Ready.
 */
export async function waitUntilSettled(
  kubeConfig: KubeConfig,
  namespaces: Set<string>,
  expected: Record<(typeof WORKLOADS)[number][0], number>,
  options: {
    timeoutMs: number;
    signal: AbortSignal;
    log: (message: string) => void;
  },
): Promise<{ pods: number; podsReady: number }> {
  const labelSelector = `app.kubernetes.io/managed-by=${FIELD_MANAGER}`;
  const ours = <T extends KubernetesObject>(all: T[]) =>
    all.filter(o => namespaces.has(o.metadata?.namespace ?? ''));

  let podsMade = 0;
  for (const [kind, minimum] of WORKLOADS) {
    const made = (w: Workload) =>
      (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 1) &&
      (w.status?.replicas ?? 0) >= minimum(w);
    let mine: Workload[] = [];
    const progress = throttled(
      options.log,
      () =>
        `waiting for the pods of the ${kind}s: ${mine.filter(made).length}/${
          expected[kind]
        } have theirs`,
    );
    await waitForObjects<Workload>(
      kubeConfig,
      { apiVersion: 'apps/v1', kind, labelSelector },
      {
        until: all => {
          mine = ours(all);
          progress();
          return mine.length >= expected[kind] && mine.every(made);
        },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      },
    );
    podsMade += mine.reduce((n, w) => n + (w.status?.replicas ?? 0), 0);
  }

  let pods: Pod[] = [];
  const progress = throttled(
    options.log,
    () =>
      `waiting for the pods: ${pods.filter(ready).length} Ready, ${
        pods.filter(unschedulable).length
      } unschedulable, of ${pods.length}/${podsMade}`,
  );
  await waitForObjects<Pod>(
    kubeConfig,
    { apiVersion: 'v1', kind: 'Pod', labelSelector },
    {
      until: all => {
        pods = ours(all);
        progress();
        return (
          pods.length >= podsMade &&
          pods.every(p => ready(p) || unschedulable(p))
        );
      },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    },
  );
  return { pods: pods.length, podsReady: pods.filter(ready).length };
}
