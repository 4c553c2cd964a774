import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  computeResourceStatus,
  expectedWorkloads,
  loadKubernetesClient,
  tenantNamespaceName,
  waitForObjects,
  WaitTimeoutError,
  type ExpectedWorkload,
} from '@internal/backstage-plugin-tenants-node';
import { formatChecksTable, type CheckResult } from './helpers';
import { listCrdNames, type KubeConfig } from './kube';
import { reportSafely, tenantRunInput, type PhaseActionDeps } from './phase';
import { parseTenantId, parseTenantSpec } from './parseTenantSpec';

/** Default deadline for Services to get ready endpoints. */
export const DEFAULT_ENDPOINTS_TIMEOUT_MS = 60 * 1000;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const example = `
steps:
  - id: validation
    name: Validate tenant health
    action: tenant:validation
    input:
      tenantId: \${{ steps.register.output.tenantId }}
      cluster: \${{ steps.register.output.cluster }}
      spec: \${{ steps.validate.output.spec }}
`;

interface EndpointSliceLike {
  metadata?: { labels?: Record<string, string> };
  endpoints?: Array<{ conditions?: { ready?: boolean } }>;
}

/** Ready endpoints per Service name, from EndpointSlices. */
export function readyEndpointsByService(
  slices: EndpointSliceLike[],
): Map<string, number> {
  const result = new Map<string, number>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const ready = (slice.endpoints ?? []).filter(
      e => e.conditions?.ready !== false,
    ).length;
    result.set(service, (result.get(service) ?? 0) + ready);
  }
  return result;
}

/**
 * One check per expected workload and Service: Current by kstatus (Services:
 * present). Each kind is listed once in the tenant's namespace rather than
 * reading every object.
 */
async function workloadChecks(
  kubeConfig: KubeConfig,
  workloads: ExpectedWorkload[],
): Promise<CheckResult[]> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const listed = new Map<string, Map<string, unknown> | Error>();
  for (const w of workloads) {
    const key = `${w.apiVersion}/${w.kind}/${w.namespace}`;
    if (listed.has(key)) continue;
    try {
      const list = await api.list(w.apiVersion, w.kind, w.namespace);
      listed.set(
        key,
        new Map(list.items.map(item => [item.metadata?.name ?? '', item])),
      );
    } catch (error) {
      listed.set(key, error as Error);
    }
  }
  return workloads.map(w => {
    const check = `${w.kind.toLowerCase()}/${w.name}`;
    const objects = listed.get(`${w.apiVersion}/${w.kind}/${w.namespace}`)!;
    if (objects instanceof Error) {
      return {
        check: w.kind === 'Service' ? `${check} exists` : check,
        ok: false,
        detail: String(objects),
      };
    }
    const obj = objects.get(w.name);
    if (w.kind === 'Service') {
      return {
        check: `${check} exists`,
        ok: obj !== undefined,
        detail: obj ? 'present' : 'not found',
      };
    }
    if (!obj) return { check, ok: false, detail: 'not found' };
    const { status, message } = computeResourceStatus(obj as any);
    return { check, ok: status === 'Current', detail: `${status}: ${message}` };
  });
}

async function endpointChecks(
  kubeConfig: KubeConfig,
  namespace: string,
  services: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult[]> {
  let latest = new Map<string, number>();
  const allReady = () => services.every(s => (latest.get(s) ?? 0) > 0);
  if (services.length > 0) {
    try {
      await waitForObjects<EndpointSliceLike & { kind?: string }>(
        kubeConfig,
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace },
        {
          until: () => allReady(),
          onChange: slices => {
            latest = readyEndpointsByService(slices);
          },
          timeoutMs,
          signal,
        },
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
  }
  return services.map(service => {
    const ready = latest.get(service) ?? 0;
    return {
      check: `service/${service} endpoints`,
      ok: ready > 0,
      detail: ready > 0 ? `${ready} ready endpoint(s)` : 'no ready endpoints',
    };
  });
}

/**
 * Creates the `tenant:validation` action: checks that every workload the
 * tenant should have exists and is Current, and that every Service has ready
 * endpoints; logs a table of checks and fails naming each failing one.
 *
 * @public
 */
export function createValidationAction(
  deps: PhaseActionDeps & { endpointsTimeoutMs?: number },
) {
  return createTemplateAction({
    id: 'tenant:validation',
    description:
      'Runs health checks across a provisioned tenant: workloads ready by kstatus and Services with ready endpoints',
    examples: [{ description: 'Validate the provisioned tenant', example }],
    supportsDryRun: true,
    schema: {
      input: {
        ...tenantRunInput,
      },
    },
    async handler(ctx) {
      const spec = parseTenantSpec(ctx.input.spec);
      const tenantId = parseTenantId(ctx.input.tenantId);
      const kubeConfig = await deps.clusters.kubeConfig(ctx.input.cluster);
      const availableCrds = await listCrdNames(kubeConfig);
      const expected = expectedWorkloads(spec, {
        ...deps.renderContext,
        availableCrds,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would check ${expected.length} workload(s) and service(s) of tenant ${spec.details.slug}`,
        );
        return;
      }
      const report = (
        type: 'started' | 'completed' | 'failed',
        message?: string,
      ) =>
        reportSafely(deps, ctx.logger, tenantId, 'validation', {
          type,
          message,
          ...(type === 'failed' ? { level: 'error' as const } : {}),
        });

      let ran = false;
      await ctx.checkpoint({
        key: `tenant-phase-validation-${tenantId}`,
        fn: async () => {
          ran = true;
          await report('started');
          try {
            const checks = [
              ...(await workloadChecks(kubeConfig, expected)),
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
            const message = `Phase validation failed: ${
              error instanceof Error ? error.message : String(error)
            }`;
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
