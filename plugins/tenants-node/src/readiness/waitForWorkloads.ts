import type { KubeConfig } from '@kubernetes/client-node';
import { labelSelectorMatcher } from '../kubernetes/labelSelector';
import { loadKubernetesClient } from '../kubernetes/loadKubernetesClient';
import { subscribeToCollection } from '../kubernetes/sharedCollections';
import { blockingPodReplacer } from './blockingPodReplacer';
import { connectionNotices } from './connectionNotices';
import type { WorkloadRef } from './expectedWorkloadsOf';
import { podsNotReady } from './podsNotReady';
import {
  observesLatestApply,
  readyWorkloads,
  workloadReadiness,
} from './workloadReadiness';
import type { WorkloadProgress } from './workloadProgress';

/** @public */
export interface WaitForWorkloadsOptions {
  namespace: string;
  /** The workloads and pods to judge, e.g. tenant + phase label selector. */
  labelSelector: string;
  /**
   * A wider selector to watch with, narrowed to `labelSelector` in memory,
   * e.g. the tenant's: the waits of all of a tenant's phases then share one
   * watch per kind in this process instead of each starting its own.
   */
  watchSelector?: string;
  expected: WorkloadRef[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called when the progress message changes. */
  onProgress: (progress: WorkloadProgress) => void;
  /** Called once for each expected workload when it becomes Current, e.g. a Job that completed. */
  onWorkloadReady?: (workload: WorkloadRef) => void;
  /**
   * Told what the wait does to the cluster (replacing pods that block a
   * rollout) and when it loses and regains the API server.
   */
  onInfo?: (message: string) => void;
}

const API_VERSIONS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Job: 'batch/v1',
};

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
 * Waits, by watching, until every expected workload is Current by kstatus
 * (a Job: complete). Fails right away when a workload or one of its pods is
 * Failed (e.g. CrashLoopBackOff; a Job's failed pods only once the Job gives
 * up), and on timeout names what is not ready. Deletes the pods
 * that would hold up a StatefulSet's rollout for good (an older revision's
 * pods that are not Ready, see {@link podsBlockingStatefulSetRollout}), so that
 * a fixed spec rolls out. The watches are shared with the other waits of this
 * process on the same objects; a workload whose expected `uid` and
 * `generation` have not been observed yet is not judged (nor its pods).
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
  const judged = labelSelectorMatcher(options.labelSelector);
  const observed = new Map<string, Map<string, any>>(
    watched.map(kind => [kind, new Map()]),
  );
  const listed = new Set<string>();
  const replaceBlockingPods = blockingPodReplacer(
    core,
    options.namespace,
    options.onInfo,
  );
  const connection = connectionNotices(options.onInfo);
  const announced = new Set<string>();
  let last: WorkloadProgress | undefined;

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

  await new Promise<void>((resolve, reject) => {
    const unsubscribes: Array<() => void> = [];
    const listeners = new AbortController();
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      listeners.abort();
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (error) reject(error);
      else resolve();
    };
    const evaluate = () => {
      // Judge only once every kind has been listed, so nothing shows as missing that exists.
      if (settled || listed.size < watched.length) return;
      if (observesLatestApply(options.expected, observed)) {
        replaceBlockingPods(observed);
      }
      const progress = workloadReadiness(options.expected, observed);
      const changed = progress.message !== (last?.message ?? '');
      last = progress;
      if (changed) options.onProgress(progress);
      if (options.onWorkloadReady) {
        for (const workload of readyWorkloads(options.expected, observed)) {
          const key = `${workload.kind}/${workload.name}`;
          if (announced.has(key)) continue;
          announced.add(key);
          options.onWorkloadReady(workload);
        }
      }
      if (progress.failure) {
        finish(new Error(`Workload failed: ${progress.failure}`));
      } else if (progress.ready === progress.total) {
        finish();
      }
    };

    if (options.signal?.aborted) {
      finish(options.signal.reason);
      return;
    }
    options.signal?.addEventListener(
      'abort',
      () => finish(options.signal!.reason),
      { signal: listeners.signal },
    );
    AbortSignal.timeout(options.timeoutMs).addEventListener(
      'abort',
      () => finish(timedOut()),
      { signal: listeners.signal },
    );
    for (const kind of watched) {
      const ref = {
        apiVersion: API_VERSIONS[kind] ?? 'apps/v1',
        kind,
        namespace: options.namespace,
        labelSelector: options.watchSelector ?? options.labelSelector,
      };
      unsubscribes.push(
        subscribeToCollection(kubeConfig, ref, {
          onObjects: objects => {
            const byName = observed.get(kind)!;
            byName.clear();
            for (const obj of objects) {
              if (judged(obj.metadata?.labels)) {
                byName.set(obj.metadata?.name ?? '', obj);
              }
            }
            listed.add(kind);
            evaluate();
          },
          onConnectionLost: connection.onConnectionLost,
          onReconnected: connection.onReconnected,
          onError: finish,
        }),
      );
    }
  });
}
