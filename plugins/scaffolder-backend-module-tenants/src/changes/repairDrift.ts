import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  describeDriftDifference,
  type DriftDifference,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  detectDrift,
  planTenantRepair,
  pruneObjects,
  renderAllPhases,
  tenantSelector,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { applyChangePhase } from './applyChangePhase';

/** Runs `fn` once per key across attempts of a task (the scaffolder's checkpoints). */
export type Checkpoint = (
  key: string,
  fn: () => Promise<void>,
) => Promise<void>;

const describe = (d: DriftDifference) =>
  `${d.namespace ? `${d.namespace}/` : ''}${
    d.object
  }: ${describeDriftDifference(d)}`;

/** The tenant's objects on its cluster against its spec; throws when the cluster cannot be read. */
async function differencesOnCluster(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  renderContext: RenderContext,
): Promise<DriftDifference[]> {
  const drift = await detectDrift(kubeConfig, spec, renderContext);
  if (drift.state === 'unknown') {
    throw new Error(`The cluster could not be read: ${drift.reason}`);
  }
  return drift.differences;
}

/**
 * Repairs a tenant's drift: compares its objects with what its phases apply
 * for `spec`, applies each phase with a missing object or a differing field
 * again (in a checkpoint of its own, with the phase's readiness waits),
 * deletes the objects with the tenant's labels that no phase renders, and
 * checks again: a tenant still drifted fails with the differences left.
 * Secret values are never logged. Answers a summary.
 */
export async function repairDrift(options: {
  spec: TenantSpec;
  namespace: string;
  kubeConfig: KubeConfig;
  renderContext: RenderContext;
  timeoutMs: number;
  logger: LoggerService;
  checkpoint: Checkpoint;
  dryRun?: boolean;
  signal?: AbortSignal;
}): Promise<string> {
  const { spec, kubeConfig, renderContext, logger } = options;
  const slug = spec.details.slug;
  const differences = await differencesOnCluster(
    kubeConfig,
    spec,
    renderContext,
  );
  if (differences.length === 0) {
    logger.info('Repair: the objects match the spec; nothing to repair');
    return 'nothing to repair';
  }
  logger.info(
    `Repair: ${differences.length} difference(s):\n${differences
      .map(d => `  ${describe(d)}`)
      .join('\n')}`,
  );
  const phases = planTenantRepair(spec, renderContext, differences);
  const unexpected = differences.filter(d => d.type === 'unexpected').length;
  if (options.dryRun) {
    logger.info(
      `Dry run: the repair would apply phase(s) ${
        phases.map(p => p.phase).join(', ') || 'none'
      } and remove ${unexpected} unexpected object(s)`,
    );
    return 'dry run';
  }

  for (const phase of phases) {
    await options.checkpoint(`repair-${phase.phase}`, async () => {
      await applyChangePhase({
        phase,
        targetSpec: spec,
        renderContext,
        slug,
        namespace: options.namespace,
        kubeConfig,
        timeoutMs: options.timeoutMs,
        logger,
        signal: options.signal,
      });
    });
  }
  let removed: string[] = [];
  if (unexpected > 0) {
    const rendered = renderAllPhases(spec, renderContext).flatMap(
      p => p.objects,
    );
    removed = await pruneObjects(kubeConfig, {
      labelSelector: tenantSelector(slug),
      namespace: options.namespace,
      keep: rendered,
      kinds: rendered.map(o => ({ apiVersion: o.apiVersion!, kind: o.kind! })),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onProgress: message => logger.info(`Repair: ${message}`),
    });
  }

  const left = await differencesOnCluster(kubeConfig, spec, renderContext);
  if (left.length > 0) {
    throw new Error(
      `The tenant still differs from its spec after the repair:\n${left
        .map(d => `  ${describe(d)}`)
        .join('\n')}`,
    );
  }
  const summary = `Repaired: phase(s) ${
    phases.map(p => p.phase).join(', ') || 'none'
  } applied again${
    removed.length ? `, removed ${removed.join(', ')}` : ''
  }; the objects match the spec`;
  logger.info(summary);
  return summary;
}
