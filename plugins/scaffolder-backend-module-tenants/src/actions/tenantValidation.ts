import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  cachedCrdNames,
  certificateChecks,
  dnsChecks,
  endpointChecks,
  expectedWorkloads,
  TENANT_TLS_SECRET,
  tenantHost,
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
import {
  DEFAULT_VALIDATION_OPTIONS,
  type ValidationOptions,
} from './validationOptions';

/** Default deadline for Services to get ready endpoints. */
export const DEFAULT_ENDPOINTS_TIMEOUT_MS = 60 * 1000;

/**
 * Creates the `tenant:validation` action: checks that every workload the
 * tenant should have exists and is Current, that every Service has ready
 * endpoints, that the TLS certificate is Ready, issued for the tenant's host
 * and not about to expire, and that the host resolves to the ingress target;
 * logs a table of checks (also to the Tenant Service) and fails naming each
 * failing one.
 */
export function createValidationAction(
  deps: PhaseActionDeps & {
    endpointsTimeoutMs?: number;
    validation?: ValidationOptions;
  },
) {
  const validation = deps.validation ?? DEFAULT_VALIDATION_OPTIONS;
  return createTemplateAction({
    id: 'tenant:validation',
    description:
      'Runs health checks across a provisioned tenant: workloads ready by kstatus, Services with ready endpoints, its TLS certificate and its DNS name',
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
      const renderContext = currentRenderContext(deps);
      const expected = expectedWorkloads(spec, {
        ...renderContext,
        availableCrds,
      });
      const namespace = tenantNamespaceName(spec.details.slug);
      const host = tenantHost(spec.details.slug, renderContext.baseDomain);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would check ${expected.length} workload(s) and service(s) of tenant ${spec.details.slug}, the certificate for ${host} and that ${host} resolves to ${renderContext.ingressTarget}`,
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
            const workloads = await workloadChecks(
              kubeConfig,
              expected,
              tenantSelector(spec.details.slug),
            );
            const awaited = await Promise.all([
              endpointChecks(
                kubeConfig,
                namespace,
                expected.filter(w => w.kind === 'Service').map(w => w.name),
                deps.endpointsTimeoutMs ?? DEFAULT_ENDPOINTS_TIMEOUT_MS,
                ctx.signal,
              ),
              certificateChecks(kubeConfig, {
                namespace,
                name: TENANT_TLS_SECRET,
                host,
                expiryWindowDays: validation.certificateExpiryWindowDays,
                timeoutMs: validation.timeoutMs,
                signal: ctx.signal,
              }),
              dnsChecks({
                host,
                target: renderContext.ingressTarget,
                resolver: validation.dnsResolver,
                timeoutMs: validation.timeoutMs,
                signal: ctx.signal,
              }),
            ]);
            const checks = [...workloads, ...awaited.flat()];
            for (const line of formatChecksTable(checks)) {
              ctx.logger.info(line);
              void reportEvent({ type: 'log', message: line });
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
