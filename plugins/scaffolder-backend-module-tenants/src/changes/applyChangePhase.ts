import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  applyObjects,
  expectedWorkloadsOf,
  FIELD_MANAGER,
  isDataSetupJob,
  PHASE_LABEL,
  prepareStatefulSetStorage,
  pruneObjects,
  secretObjects,
  tenantSelector,
  waitForWorkloads,
  type KubeConfig,
  type RenderContext,
  type TenantChangePhase,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { runDataSetupJobs } from '../phases/runDataSetupJobs';
import {
  connectionLostWhileApplying,
  summarizeApplied,
} from '../util/applyMessages';

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

/** The kinds (apiVersion and kind) among the objects, once each. */
function kindsOf(objects: KubernetesObject[]) {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const { apiVersion, kind } of objects) {
    if (apiVersion && kind)
      kinds.set(`${apiVersion}/${kind}`, { apiVersion, kind });
  }
  return [...kinds.values()];
}

/**
 * Applies one phase of a tenant change and answers its summary:
 *
 * 1. StatefulSets whose volume claim templates change get their claims
 *    expanded and are re-created with orphaned pods;
 * 2. the phase's objects are applied with server-side apply (the secrets
 *    phase's with the values on the cluster, and the staged passwords of
 *    data sources the change adds or edits, from `userSecrets`);
 * 3. objects with the tenant's and the phase's labels that the new render no
 *    longer contains are deleted;
 * 4. the phase's workloads are awaited (kstatus, by watching);
 * 5. its initial data setup Jobs, if any, run until they complete (see
 *    `runDataSetupJobs`).
 *
 * Progress goes to the task log, prefixed with the phase.
 */
export async function applyChangePhase(options: {
  phase: TenantChangePhase;
  targetSpec: TenantSpec;
  /** What `phase.objects` were rendered with; the secrets phase needs its initial data. */
  renderContext: Pick<RenderContext, 'initialData'>;
  slug: string;
  namespace: string;
  kubeConfig: KubeConfig;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
  /**
   * Secret values by the name a data source's `passwordSecret` gives (the
   * staged passwords of the change), read when the secrets phase is applied.
   */
  userSecrets?: () => Promise<Record<string, string>>;
}): Promise<string> {
  const { phase, kubeConfig, namespace, timeoutMs, logger, signal } = options;
  const phaseId = phase.phase;
  logger.info(`Phase ${phaseId}: applying ${phase.objects.length} object(s)`);
  const rendered =
    phaseId === 'secrets'
      ? await secretObjects(
          kubeConfig,
          options.targetSpec,
          namespace,
          (await options.userSecrets?.()) ?? {},
          options.renderContext,
        )
      : phase.objects;
  const jobs = rendered.filter(isDataSetupJob);
  const objects = rendered.filter(o => !isDataSetupJob(o));
  const progress = (message: string) =>
    logger.info(`Phase ${phaseId}: ${message}`);

  const storage = await prepareStatefulSetStorage(kubeConfig, objects, {
    fieldManager: FIELD_MANAGER,
    timeoutMs,
    signal,
    onProgress: progress,
  });
  const applied = await applyObjects(kubeConfig, objects, {
    fieldManager: FIELD_MANAGER,
    signal,
    onApplied: a => progress(`${a.ref} ${a.outcome}`),
    onConnectionLost: reason => progress(connectionLostWhileApplying(reason)),
  });

  const labelSelector = `${tenantSelector(
    options.slug,
  )},${PHASE_LABEL}=${phaseId}`;
  const pruned = await pruneObjects(kubeConfig, {
    labelSelector,
    namespace,
    keep: rendered,
    kinds: kindsOf([...phase.previous, ...rendered]),
    timeoutMs,
    signal,
    onProgress: progress,
  });

  const expected = expectedWorkloadsOf(applied.map(a => a.object));
  if (expected.length > 0) {
    progress(`waiting for ${expected.length} workload(s) to become ready`);
    await waitForWorkloads(kubeConfig, {
      namespace,
      labelSelector,
      watchSelector: tenantSelector(options.slug),
      expected,
      timeoutMs,
      signal,
      onProgress: p => progress(p.message),
      onInfo: progress,
    });
  }
  if (jobs.length > 0) {
    await runDataSetupJobs({
      jobs,
      phaseId,
      slug: options.slug,
      namespace,
      kubeConfig,
      timeoutMs,
      logger,
      signal,
    });
  }
  const summary = [
    `Phase ${phaseId} applied: ${summarizeApplied(applied)}`,
    ...(storage.expanded.length
      ? [`volumes expanded: ${storage.expanded.join(', ')}`]
      : []),
    ...(storage.kept.length
      ? [`volumes kept (never shrunk): ${storage.kept.join(', ')}`]
      : []),
    ...(storage.recreated.length
      ? [`re-created with new claim templates: ${storage.recreated.join(', ')}`]
      : []),
    ...(pruned.length ? [`pruned: ${pruned.join(', ')}`] : []),
    ...(expected.length ? [`${expected.length} workload(s) ready`] : []),
    ...(jobs.length ? [`initial data set up by ${jobs.length} Job(s)`] : []),
  ].join('; ');
  logger.info(summary);
  return summary;
}
