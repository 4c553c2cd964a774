import {
  createTemplateAction,
  type TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import {
  renderPhase,
  tenantNamespaceName,
  type ApplyPhaseId,
  type ClusterRegistry,
  type PlatformVersions,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import type { FaultInjectionOptions } from '../faultInjection/faultInjection';
import {
  readinessTimeoutMs,
  readinessTimeoutSecondsInput,
  tenantRunInput,
} from '../util/actionInputs';
import { errorMessage } from '../util/errorMessage';
import {
  parseReadinessTimeoutSeconds,
  parseTenantId,
  parseRegisteredTenantSpec,
} from '../util/parseTenantSpec';
import { phaseReporter } from '../util/phaseReporter';
import { dryRunPhase } from './dryRunPhase';
import { phaseRenderContext } from './phaseRenderContext';
import { provisionPhase } from './provisionPhase';

/** @public */
export interface PhaseActionDeps {
  clusters: ClusterRegistry;
  tenantService: Pick<TenantServiceClient, 'reportPhase'>;
  /** Render options; `availableCrds` is filled in from the cluster at run time. */
  renderContext: RenderContext;
  /**
   * The declared platform versions: new tenants are rendered with the images
   * and defaults of the version in force over `renderContext`.
   */
  platformVersions?: PlatformVersions;
  /** Deadline for workloads to become ready; default 10 minutes. */
  readinessTimeoutMs?: number;
  /** Development and tests only: read injected faults from the cluster at every run. */
  faultInjection?: FaultInjectionOptions;
}

/** The render context of the platform version in force, read at run time (tests change `renderContext` between runs). */
export function currentRenderContext(
  deps: Pick<PhaseActionDeps, 'renderContext' | 'platformVersions'>,
): RenderContext {
  return deps.platformVersions
    ? deps.platformVersions.renderContext(deps.renderContext)
    : deps.renderContext;
}

/**
 * Defines the `tenant:<phaseId>` action of a phase that applies objects
 * (each has its file in `src/actions`): it renders the phase's objects,
 * applies them with server-side apply, waits (by watching) until its
 * workloads are ready, and reports the phase to the Tenant Service. The run
 * is a checkpoint, so that a retried task skips a phase that completed.
 */
export function definePhaseAction(
  phaseId: ApplyPhaseId,
  deps: PhaseActionDeps,
  examples: TemplateExample[],
) {
  return createTemplateAction({
    id: `tenant:${phaseId}`,
    description: `Provisions the ${phaseId} phase of a tenant: renders its Kubernetes objects, applies them with server-side apply and waits until its workloads are ready`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...tenantRunInput,
        readinessTimeoutSeconds: readinessTimeoutSecondsInput(
          'How long to wait for workloads to become ready (default 600)',
        ),
      },
    },
    async handler(ctx) {
      const spec = parseRegisteredTenantSpec(ctx.input.spec);
      const tenantId = parseTenantId(ctx.input.tenantId);
      const timeoutMs = readinessTimeoutMs(
        parseReadinessTimeoutSeconds(ctx.input.readinessTimeoutSeconds),
        deps.readinessTimeoutMs,
      );
      const namespace = tenantNamespaceName(spec.details.slug);
      const kubeConfig = await deps.clusters.kubeConfig(ctx.input.cluster);
      const renderContext = () =>
        phaseRenderContext({
          phaseId,
          kubeConfig,
          renderContext: currentRenderContext(deps),
          faultInjection: deps.faultInjection,
          slug: spec.details.slug,
          logger: ctx.logger,
        });

      if (ctx.isDryRun) {
        await dryRunPhase({
          kubeConfig,
          namespace,
          objects: renderPhase(phaseId, spec, await renderContext()),
          logger: ctx.logger,
          signal: ctx.signal,
        });
        return;
      }

      let ran = false;
      await ctx.checkpoint({
        key: `tenant-phase-${phaseId}-${tenantId}`,
        fn: async () => {
          ran = true;
          const report = phaseReporter(
            deps.tenantService,
            ctx.logger,
            tenantId,
            phaseId,
          );
          void report({ type: 'started' });
          try {
            const { message, objects } = await provisionPhase({
              phaseId,
              spec,
              kubeConfig,
              namespace,
              renderContext: await renderContext(),
              userSecrets: ctx.secrets,
              timeoutMs,
              logger: ctx.logger,
              signal: ctx.signal,
              reportLog: log => report({ type: 'log', message: log }),
            });
            ctx.logger.info(message);
            await report({ type: 'completed', message });
            return { objects };
          } catch (error) {
            const message = `Phase ${phaseId} failed: ${errorMessage(error)}`;
            ctx.logger.error(message);
            await report({ type: 'failed', message, level: 'error' });
            throw error;
          }
        },
      });
      if (!ran) {
        ctx.logger.info(
          `Phase ${phaseId} already completed in an earlier attempt of this task; skipping`,
        );
      }
    },
  });
}
