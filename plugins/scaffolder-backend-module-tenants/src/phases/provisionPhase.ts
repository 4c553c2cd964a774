import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  expectedWorkloadsOf,
  isDataSetupJob,
  PHASE_LABEL,
  renderPhase,
  secretObjects,
  tenantSelector,
  waitForWorkloads,
  type ApplyPhaseId,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { applyWithTaskLog, summarizeApplied } from '../util/applyMessages';
import { runDataSetupJobs } from './runDataSetupJobs';

/**
 * Renders a phase's objects (the secrets phase's with their values), applies
 * them with server-side apply and waits, by watching, until its workloads are
 * ready; then runs the phase's initial data setup Jobs, if it has any, until
 * they complete. Answers the phase's completion message and how many objects
 * it applied; `reportLog` tells the Tenant Service what was applied and set
 * up.
 */
export async function provisionPhase(options: {
  phaseId: ApplyPhaseId;
  spec: TenantSpec;
  kubeConfig: KubeConfig;
  namespace: string;
  renderContext: RenderContext;
  /** The scaffolder secrets, for the values the user provides. */
  userSecrets?: Record<string, string>;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
  reportLog: (message: string) => Promise<void>;
}): Promise<{ message: string; objects: number }> {
  const { phaseId, spec, kubeConfig, namespace, logger, signal } = options;
  const rendered =
    phaseId === 'secrets'
      ? await secretObjects(
          kubeConfig,
          spec,
          namespace,
          options.userSecrets,
          options.renderContext,
        )
      : renderPhase(phaseId, spec, options.renderContext);
  const jobs = rendered.filter(isDataSetupJob);
  const objects = rendered.filter(o => !isDataSetupJob(o));
  const applied = await applyWithTaskLog(kubeConfig, objects, logger, signal);
  const summary = summarizeApplied(applied);
  await options.reportLog(`Applied: ${summary}`);

  const expected = expectedWorkloadsOf(applied.map(a => a.object));
  if (expected.length > 0) {
    logger.info(`Waiting for ${expected.length} workload(s) to become ready`);
    const tenant = tenantSelector(spec.details.slug);
    await waitForWorkloads(kubeConfig, {
      namespace,
      labelSelector: `${tenant},${PHASE_LABEL}=${phaseId}`,
      watchSelector: tenant,
      expected,
      timeoutMs: options.timeoutMs,
      signal,
      onProgress: progress => logger.info(progress.message),
      onInfo: message => logger.info(message),
    });
  }
  if (jobs.length > 0) {
    await runDataSetupJobs({
      jobs,
      phaseId,
      slug: spec.details.slug,
      namespace,
      kubeConfig,
      timeoutMs: options.timeoutMs,
      logger,
      signal,
      reportLog: options.reportLog,
    });
  }
  return {
    message: `Phase ${phaseId} completed: ${summary}${
      expected.length ? `; ${expected.length} workload(s) ready` : ''
    }${jobs.length ? `; initial data set up by ${jobs.length} Job(s)` : ''}`,
    objects: applied.length + jobs.length,
  };
}
