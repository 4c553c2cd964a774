import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from '../kubernetes/waitForObjects';
import { blockingPodReplacer } from './blockingPodReplacer';
import { connectionNotices } from './connectionNotices';
import type { WorkloadRef } from './expectedWorkloadsOf';
import { podsNotReady } from './podsNotReady';
import { workloadReadiness } from './workloadReadiness';
import type { WorkloadProgress } from './workloadProgress';

/** @public */
export interface WaitForWorkloadsOptions {
  namespace: string;
  /** Tenant + phase label selector. */
  labelSelector: string;
  expected: WorkloadRef[];
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

type Outcome = { done: true } | { error: Error };

/**
 * The kinds to watch: the expected workloads' kinds, ReplicaSets when there
 * are Deployments (they tell which pods belong to the current revision), and
 * Pods.
 */
function watchedKinds(expected: WorkloadRef[]): string[] {
  const kinds = [...new Set(expected.map(e => e.kind))];
  return [
    ...kinds,
    ...(kinds.includes('Deployment') ? ['ReplicaSet'] : []),
    'Pod',
  ];
}

/**
 * Waits, by watching, until every expected workload is Current by kstatus.
 * Fails right away when a workload or one of its pods is Failed (e.g.
 * CrashLoopBackOff), and on timeout names what is not ready. Deletes the pods
 * that would hold up a StatefulSet's rollout for good (an older revision's
 * pods that are not Ready, see {@link podsBlockingStatefulSetRollout}), so that
 * a fixed spec rolls out.
 *
 * @public
 */
export async function waitForWorkloads(
  kubeConfig: KubeConfig,
  options: WaitForWorkloadsOptions,
): Promise<void> {
  if (options.expected.length === 0) return;
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const watched = watchedKinds(options.expected);
  const observed = new Map<string, Map<string, any>>(
    watched.map(kind => [kind, new Map()]),
  );
  const internal = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, internal.signal])
    : internal.signal;

  let last: WorkloadProgress | undefined;
  let outcome: Outcome | undefined;
  const settle = (value: Outcome) => {
    if (outcome) return;
    outcome = value;
    internal.abort();
  };
  const replaceBlockingPods = blockingPodReplacer(
    core,
    options.namespace,
    options.onInfo,
  );
  const connection = connectionNotices(options.onInfo);

  const listed = new Set<string>();
  const evaluate = () => {
    // Judge only once every kind has been listed, so nothing shows as missing that exists.
    if (listed.size < watched.length) return;
    replaceBlockingPods(observed);
    const progress = workloadReadiness(options.expected, observed);
    const changed = progress.message !== (last?.message ?? '');
    last = progress;
    if (changed) options.onProgress(progress);
    if (progress.failure) {
      settle({ error: new Error(`Workload failed: ${progress.failure}`) });
    } else if (progress.ready === progress.total) {
      settle({ done: true });
    }
  };

  const timedOut = () => {
    const seconds = Math.round(options.timeoutMs / 1000);
    const unreachable = connection.isLost()
      ? "the cluster's API server did not answer again in time; last observed: "
      : '';
    const pods = podsNotReady(options.expected, observed);
    return new Error(
      `Timed out after ${seconds}s waiting for workloads: ${unreachable}${
        last?.message ?? 'nothing observed yet'
      }${pods ? ` (${pods})` : ''}`,
    );
  };

  await Promise.all(
    watched.map(kind =>
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
            for (const obj of objects) {
              byName.set(obj.metadata?.name ?? '', obj);
            }
            evaluate();
          },
          timeoutMs: options.timeoutMs,
          signal,
          describe: () => last?.message ?? 'nothing observed yet',
          onConnectionLost: connection.onConnectionLost,
          onReconnected: connection.onReconnected,
        },
      ).then(
        () => settle({ done: true }),
        (error: Error) =>
          settle({
            error: error instanceof WaitTimeoutError ? timedOut() : error,
          }),
      ),
    ),
  );
  options.signal?.throwIfAborted();
  if (outcome && 'error' in outcome) throw outcome.error;
}
