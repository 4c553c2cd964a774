import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  cachedCrdNames,
  missingCrdsMessage,
  type ApplyPhaseId,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  readInjectedFaults,
  type FaultInjectionOptions,
} from '../faultInjection/faultInjection';

/**
 * The render context of one run of a phase: the configured one with the
 * CustomResourceDefinitions the cluster serves (failing when the phase needs
 * one it does not) and, in development and tests, the faults injected into
 * the tenant's workloads.
 */
export async function phaseRenderContext(options: {
  phaseId: ApplyPhaseId;
  kubeConfig: KubeConfig;
  renderContext: RenderContext;
  faultInjection?: FaultInjectionOptions;
  slug: string;
  logger: LoggerService;
}): Promise<RenderContext> {
  const { phaseId, kubeConfig, renderContext, faultInjection, logger } =
    options;
  const availableCrds = await cachedCrdNames(
    kubeConfig,
    names => !missingCrdsMessage(phaseId, names),
  );
  const missing = missingCrdsMessage(phaseId, availableCrds);
  if (missing) throw new Error(missing);
  return withInjectedFaults(
    { ...renderContext, availableCrds },
    { kubeConfig, faultInjection, slug: options.slug, logger },
  );
}

/**
 * In development and tests (`faultInjection` set): the render context with
 * the faults the cluster's fault ConfigMap injects into the tenant's
 * workloads, each logged as a warning.
 */
export async function withInjectedFaults(
  renderContext: RenderContext,
  options: {
    kubeConfig: KubeConfig;
    faultInjection?: FaultInjectionOptions;
    slug: string;
    logger: LoggerService;
  },
): Promise<RenderContext> {
  const { faultInjection, logger } = options;
  if (!faultInjection) return renderContext;
  const { faults, ignored } = await readInjectedFaults(
    options.kubeConfig,
    faultInjection,
    options.slug,
  );
  for (const problem of ignored) {
    logger.warn(`Fault injection: ignoring ${problem}`);
  }
  const injected = Object.entries(faults);
  if (injected.length > 0) {
    logger.warn(
      `Fault injection (development and tests only): ${injected
        .map(([workload, fault]) => `${workload}=${fault}`)
        .join(', ')}`,
    );
  }
  return {
    ...renderContext,
    injectedFaults: { ...renderContext.injectedFaults, ...faults },
  };
}
