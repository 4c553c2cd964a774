import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyObjects,
  FIELD_MANAGER,
  isDataSetupJob,
  namespaceExists,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { describeDataSetup } from './runDataSetupJobs';

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

/**
 * Submits a phase's objects with server-side dry run and logs what applying
 * them would do. Namespaced objects cannot be dry-run into a namespace that
 * does not exist yet: while the tenant's does not, they are logged as
 * objects that would be created. The initial data setup Jobs are listed
 * once more with what they set up.
 */
export async function dryRunPhase(options: {
  kubeConfig: KubeConfig;
  namespace: string;
  objects: KubernetesObject[];
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const { kubeConfig, objects, logger } = options;
  const exists = await namespaceExists(kubeConfig, options.namespace);
  const serverSide = exists
    ? objects
    : objects.filter(o => !o.metadata?.namespace);
  await applyObjects(kubeConfig, serverSide, {
    fieldManager: FIELD_MANAGER,
    dryRun: true,
    signal: options.signal,
    onApplied: applied =>
      logger.info(
        `Dry run: ${applied.ref} would be ${
          applied.outcome === 'unchanged' ? 'left unchanged' : applied.outcome
        }`,
      ),
  });
  for (const obj of objects.filter(o => !serverSide.includes(o))) {
    logger.info(
      `Dry run: ${obj.kind?.toLowerCase()}/${
        obj.metadata?.name
      } would be created`,
    );
  }
  const jobs = objects.filter(isDataSetupJob);
  if (jobs.length > 0) {
    logger.info(
      `Dry run: ${describeDataSetup(jobs)}; would run ${jobs
        .map(job => `job/${job.metadata?.name}`)
        .join(', ')} once the other workloads are ready`,
    );
  }
}
