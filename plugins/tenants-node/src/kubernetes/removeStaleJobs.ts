import type { KubeConfig, V1Job } from '@kubernetes/client-node';
import { describeKubernetesError, isNotFound } from './describeKubernetesError';
import { computeResourceStatus } from './kstatus';
import { loadKubernetesClient } from './loadKubernetesClient';
import { waitForObjects, WaitTimeoutError } from './waitForObjects';

/** @public */
export interface RemoveStaleJobsOptions {
  namespace: string;
  /** Only Jobs matching it are candidates, e.g. the tenant's, the phase's and the data setup's labels. */
  labelSelector: string;
  /** Names of the Jobs about to be applied: those that did not fail are kept. */
  keep: string[];
  /** Deadline for the deleted Jobs to disappear. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** e.g. `job/setup-1a2b deleted (failed)` */
  onProgress?: (message: string) => void;
}

const isTrue = (job: V1Job, type: string) =>
  (job.status?.conditions ?? []).some(
    c => c.type === type && c.status === 'True',
  );

/** A Job that failed or is about to (its pods are still being cleaned up). */
const hasFailed = (job: V1Job) =>
  // Listed items come without their kind.
  computeResourceStatus({ ...job, kind: 'Job' } as any).status === 'Failed' ||
  isTrue(job, 'FailureTarget');

/**
 * Makes way for Jobs about to be applied: deletes the matching Jobs that
 * failed (a failed Job stays failed, and its pod template cannot change, so
 * running it again takes a new one) and those not in `keep` (a Job named
 * after content that changed since), with background propagation so that
 * their pods go too, and waits, by watching, until they are gone. Answers
 * `job/<name>` of each one deleted. Idempotent.
 *
 * @public
 */
export async function removeStaleJobs(
  kubeConfig: KubeConfig,
  options: RemoveStaleJobsOptions,
): Promise<string[]> {
  const k8s = await loadKubernetesClient();
  const batch = kubeConfig.makeApiClient(k8s.BatchV1Api);
  const { namespace, labelSelector } = options;
  const keep = new Set(options.keep);
  const jobs = (
    await batch.listNamespacedJob({ namespace, labelSelector })
  ).items.filter(job => hasFailed(job) || !keep.has(job.metadata?.name ?? ''));

  const removed: string[] = [];
  for (const job of jobs) {
    options.signal?.throwIfAborted();
    const name = job.metadata!.name!;
    try {
      await batch.deleteNamespacedJob({
        name,
        namespace,
        propagationPolicy: 'Background',
      });
    } catch (error) {
      if (isNotFound(error)) continue;
      throw new Error(describeKubernetesError(error, `deleting job/${name}`));
    }
    removed.push(`job/${name}`);
    options.onProgress?.(
      `job/${name} deleted (${hasFailed(job) ? 'failed' : 'outdated'})`,
    );
  }
  if (removed.length === 0) return removed;

  const names = new Set(jobs.map(job => job.metadata!.name!));
  const left = (objects: V1Job[]) =>
    objects.filter(o => names.has(o.metadata?.name ?? ''));
  try {
    await waitForObjects<V1Job>(
      kubeConfig,
      { apiVersion: 'batch/v1', kind: 'Job', namespace, labelSelector },
      {
        until: objects => left(objects).length === 0,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        describe: objects =>
          `still there: ${left(objects)
            .map(o => `job/${o.metadata?.name}`)
            .join(', ')}`,
      },
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      throw new Error(`Removing Jobs did not finish: ${error.message}`);
    }
    throw error;
  }
  return removed;
}
