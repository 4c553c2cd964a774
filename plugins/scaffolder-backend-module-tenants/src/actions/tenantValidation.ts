import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  cachedCrdNames,
  endpointChecks,
  expectedWorkloads,
  tenantNamespaceName,
  tenantSelector,
  workloadChecks,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  currentRenderContext,
  type PhaseActionDeps,
} from '../phases/definePhaseAction';
import { tenantRunInput } from '../util/actionInputs';
import { errorMessage } from '../util/errorMessage';
import { formatChecksTable } from '../util/formatChecksTable';
import {
  parseRegisteredTenantSpec,
  parseTenantId,
} from '../util/parseTenantSpec';
import { phaseReporter } from '../util/phaseReporter';
import { examples } from './tenantValidation.examples';

/** Default deadline for Services to get ready endpoints. */
export const DEFAULT_ENDPOINTS_TIMEOUT_MS = 60 * 1000;

/**
 * Creates the `tenant:validation` action: checks that every workload the
 * tenant should have exists and is Current, and that every Service has ready
 * endpoints; logs a table of checks and fails naming each failing one.
 */
export function createValidationAction(
  deps: PhaseActionDeps & { endpointsTimeoutMs?: number },
) {
  return createTemplateAction({
    id: 'tenant:validation',
    description:
      'Runs health checks across a provisioned tenant: workloads ready by kstatus and Services with ready endpoints',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...tenantRunInput,
      },
    },
    async handler(ctx) {
      const spec = parseRegisteredTenantSpec(ctx.input.spec);
      const tenantId = parseTenantId(ctx.input.tenantId);
      const kubeConfig = await deps.clusters.kubeConfig(ctx.input.cluster);
      const availableCrds = await cachedCrdNames(kubeConfig);
      const expected = expectedWorkloads(spec, {
        ...currentRenderContext(deps),
        availableCrds,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would check ${expected.length} workload(s) and service(s) of tenant ${spec.details.slug}`,
        );
        return;
      }
      const reportEvent = phaseReporter(
        deps.tenantService,
        ctx.logger,
        tenantId,
        'validation',
      );
      const report = (
        type: 'started' | 'completed' | 'failed',
        message?: string,
      ) =>
        reportEvent({
          type,
          message,
          ...(type === 'failed' ? { level: 'error' as const } : {}),
        });

      let ran = false;
      await ctx.checkpoint({
        key: `tenant-phase-validation-${tenantId}`,
        fn: async () => {
          ran = true;
          void report('started');
          try {
            const checks = [
              ...(await workloadChecks(
                kubeConfig,
                expected,
                tenantSelector(spec.details.slug),
              )),
              ...(await endpointChecks(
                kubeConfig,
                tenantNamespaceName(spec.details.slug),
                expected.filter(w => w.kind === 'Service').map(w => w.name),
                deps.endpointsTimeoutMs ?? DEFAULT_ENDPOINTS_TIMEOUT_MS,
                ctx.signal,
              )),
            ];
            for (const line of formatChecksTable(checks)) {
              ctx.logger.info(line);
            }
            const failing = checks.filter(c => !c.ok);
            if (failing.length > 0) {
              throw new Error(
                `${failing.length} of ${
                  checks.length
                } health check(s) failed: ${failing
                  .map(c => `${c.check} (${c.detail})`)
                  .join('; ')}`,
              );
            }
            const message = `All ${checks.length} health checks passed`;
            ctx.logger.info(message);
            await report('completed', message);
            return { checks: checks.length };
          } catch (error) {
            const message = `Phase validation failed: ${errorMessage(error)}`;
            ctx.logger.error(message);
            await report('failed', message);
            throw error;
          }
        },
      });
      if (!ran) {
        ctx.logger.info(
          'Validation already passed in an earlier attempt of this task; skipping',
        );
      }
    },
  });
}
