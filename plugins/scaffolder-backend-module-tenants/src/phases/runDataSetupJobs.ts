import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyObjects,
  DATA_SETUP_ANNOTATION,
  DATA_SETUP_SELECTOR,
  expectedWorkloadsOf,
  PHASE_LABEL,
  removeStaleJobs,
  tenantSelector,
  waitForWorkloads,
  type ApplyPhaseId,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { applyWithTaskLog } from '../util/applyMessages';
import { errorMessage } from '../util/errorMessage';

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

const setupOf = (job: KubernetesObject) =>
  job.metadata?.annotations?.[DATA_SETUP_ANNOTATION] ?? '';

/** e.g. `Initial data setup: 2 database(s), 3 schema(s), 2 topic(s)` */
export const describeDataSetup = (jobs: KubernetesObject[]) =>
  `Initial data setup: ${jobs.map(setupOf).join(', ')}`;

/**
 * The initial data setup of a phase, run once the phase's other workloads
 * are ready: deletes the phase's data-setup Jobs that failed or are outdated
 * (so that a retry runs them afresh), applies `jobs` and waits, by watching,
 * until each completed. Says what it sets up and each Job that completed in
 * the task log and through `reportLog` (the tenant's ProvisioningStatus
 * logs). A Job that fails fails the setup, naming the Job and the reason
 * from its status and its last failed pod.
 */
export async function runDataSetupJobs(options: {
  jobs: KubernetesObject[];
  phaseId: ApplyPhaseId;
  slug: string;
  namespace: string;
  kubeConfig: KubeConfig;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
  reportLog?: (message: string) => Promise<void>;
}): Promise<void> {
  const { jobs, kubeConfig, namespace, timeoutMs, logger, signal } = options;
  const reports: Array<Promise<void>> = [];
  const log = (message: string) => {
    logger.info(message);
    if (options.reportLog) reports.push(options.reportLog(message));
  };
  const tenant = tenantSelector(options.slug);
  const phase = `${tenant},${PHASE_LABEL}=${options.phaseId}`;

  log(describeDataSetup(jobs));
  try {
    await removeStaleJobs(kubeConfig, {
      namespace,
      labelSelector: `${phase},${DATA_SETUP_SELECTOR}`,
      keep: jobs.map(job => job.metadata!.name!),
      timeoutMs,
      signal,
      onProgress: message => logger.info(message),
    });
    const applied = await applyWithTaskLog(kubeConfig, jobs, logger, signal);
    const setups = new Map(
      jobs.map(job => [job.metadata!.name!, setupOf(job)]),
    );
    await waitForWorkloads(kubeConfig, {
      namespace,
      labelSelector: phase,
      watchSelector: tenant,
      expected: expectedWorkloadsOf(applied.map(a => a.object)),
      timeoutMs,
      signal,
      onProgress: progress => logger.info(progress.message),
      onInfo: message => logger.info(message),
      onWorkloadReady: job =>
        log(
          `Initial data setup: job/${job.name} completed (${setups.get(
            job.name,
          )})`,
        ),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Initial data setup failed: ${errorMessage(error)}`);
  } finally {
    await Promise.all(reports);
  }
}
