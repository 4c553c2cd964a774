import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z } from 'zod/v3';
import {
  IDENTIFIER_PATTERN,
  type PhaseId,
  type TenantSpec,
} from '@internal/backstage-plugin-tenants-common';
import {
  applyObjects,
  FIELD_MANAGER,
  PHASE_LABEL,
  renderPhase,
  renderSecrets,
  secretRequirements,
  tenantNamespaceName,
  tenantSelector,
  type AppliedObject,
  type ClusterRegistry,
  type RenderContext,
} from '@internal/backstage-plugin-tenants-node';
import type { PhaseEvent, TenantServiceClient } from '../TenantServiceClient';
import { cachedCrdNames } from './crdNameCache';
import {
  readInjectedFaults,
  type FaultInjectionOptions,
} from './faultInjection';
import { mergeSecretValues, missingCrdsMessage } from './helpers';
import {
  MAX_READINESS_TIMEOUT_SECONDS,
  parseReadinessTimeoutSeconds,
  parseTenantId,
  parseTenantSpec,
  TENANT_ID_MAX_LENGTH,
  TENANT_ID_MESSAGE,
} from './parseTenantSpec';
import {
  namespaceExists,
  readExistingSecretValues,
  waitForWorkloads,
  type ExpectedRef,
  type KubeConfig,
  connectionLostWhileApplying,
} from './kube';

/** The phases that have a provisioning action of their own (validation has its own). */
export const APPLY_PHASES = [
  'namespace',
  'secrets',
  'data-infrastructure',
  'control-plane',
  'data-plane',
  'ingress',
  'observability',
] as const satisfies readonly PhaseId[];

/** @public */
export type ApplyPhaseId = (typeof APPLY_PHASES)[number];

/** Default deadline for a phase's workloads to become ready. */
export const DEFAULT_READINESS_TIMEOUT_MS = 10 * 60 * 1000;

/** @public */
export interface PhaseActionDeps {
  clusters: ClusterRegistry;
  tenantService: Pick<TenantServiceClient, 'reportPhase'>;
  /** Render options; `availableCrds` is filled in from the cluster at run time. */
  renderContext: RenderContext;
  /** Deadline for workloads to become ready; default 10 minutes. */
  readinessTimeoutMs?: number;
  /** Development and tests only: read injected faults from the cluster at every run. */
  faultInjection?: FaultInjectionOptions;
}

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

// The scaffolder hands schema functions its zod (the v3 API of the zod package).
type Zod = typeof z;

/** Inputs every per-tenant action takes: what tenant:register and tenant:validate output. */
export const tenantRunInput = {
  tenantId: (z: Zod) =>
    z
      .string()
      .min(1)
      .max(TENANT_ID_MAX_LENGTH)
      .regex(IDENTIFIER_PATTERN, TENANT_ID_MESSAGE)
      .describe('Tenant id output by tenant:register'),
  cluster: (z: Zod) =>
    z.string().min(1).describe('Cluster output by tenant:register'),
  spec: (z: Zod) =>
    z
      .record(z.string(), z.unknown())
      .describe('The validated spec output by tenant:validate'),
};

/**
 * Reports a phase event without letting a Tenant Service outage hide the
 * phase's own result: failures to report are logged as warnings.
 */
export async function reportSafely(
  deps: Pick<PhaseActionDeps, 'tenantService'>,
  logger: { warn(message: string): void },
  tenantId: string,
  phaseId: PhaseId,
  event: PhaseEvent,
) {
  try {
    await deps.tenantService.reportPhase(tenantId, phaseId, event);
  } catch (error) {
    logger.warn(
      `Could not report '${
        event.type
      }' of phase ${phaseId} to the Tenant Service: ${errorMessage(error)}`,
    );
  }
}

const exampleFor = (phaseId: PhaseId) => `
steps:
  - id: ${phaseId}
    name: Provision ${phaseId}
    action: tenant:${phaseId}
    input:
      tenantId: \${{ steps.register.output.tenantId }}
      cluster: \${{ steps.register.output.cluster }}
      spec: \${{ steps.validate.output.spec }}
`;

/**
 * Creates the `tenant:<phaseId>` action: renders the phase's objects, applies
 * them with server-side apply, waits (by watching) until its workloads are
 * ready, and reports the phase to the Tenant Service.
 *
 * @public
 */
export function createPhaseAction(
  phaseId: ApplyPhaseId,
  deps: PhaseActionDeps,
) {
  return createTemplateAction({
    id: `tenant:${phaseId}`,
    description: `Provisions the ${phaseId} phase of a tenant: renders its Kubernetes objects, applies them with server-side apply and waits until its workloads are ready`,
    examples: [
      {
        description: `Run the ${phaseId} phase for the registered tenant`,
        example: exampleFor(phaseId),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        ...tenantRunInput,
        readinessTimeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .max(MAX_READINESS_TIMEOUT_SECONDS)
            .optional()
            .describe(
              'How long to wait for workloads to become ready (default 600)',
            ),
      },
    },
    async handler(ctx) {
      const spec = parseTenantSpec(ctx.input.spec);
      const tenantId = parseTenantId(ctx.input.tenantId);
      const readinessTimeoutSeconds = parseReadinessTimeoutSeconds(
        ctx.input.readinessTimeoutSeconds,
      );
      const slug = spec.details.slug;
      const namespace = tenantNamespaceName(slug);
      const kubeConfig = await deps.clusters.kubeConfig(ctx.input.cluster);
      const timeoutMs =
        (readinessTimeoutSeconds ?? 0) * 1000 ||
        deps.readinessTimeoutMs ||
        DEFAULT_READINESS_TIMEOUT_MS;

      const prepare = async () => {
        const availableCrds = await cachedCrdNames(
          kubeConfig,
          names => !missingCrdsMessage(phaseId, names),
        );
        const missing = missingCrdsMessage(phaseId, availableCrds);
        if (missing) throw new Error(missing);
        if (!deps.faultInjection) {
          return { ...deps.renderContext, availableCrds };
        }
        const { faults, ignored } = await readInjectedFaults(
          kubeConfig,
          deps.faultInjection,
          slug,
        );
        for (const problem of ignored) {
          ctx.logger.warn(`Fault injection: ignoring ${problem}`);
        }
        const injected = Object.entries(faults);
        if (injected.length > 0) {
          ctx.logger.warn(
            `Fault injection (development and tests only): ${injected
              .map(([workload, fault]) => `${workload}=${fault}`)
              .join(', ')}`,
          );
        }
        return {
          ...deps.renderContext,
          availableCrds,
          injectedFaults: { ...deps.renderContext.injectedFaults, ...faults },
        };
      };

      if (ctx.isDryRun) {
        const renderContext = await prepare();
        const objects = renderPhase(phaseId, spec, renderContext);
        // Namespaced objects cannot be dry-run into a namespace that does not exist yet.
        const exists = await namespaceExists(kubeConfig, namespace);
        const serverSide = exists
          ? objects
          : objects.filter(o => !o.metadata?.namespace);
        await applyObjects(kubeConfig, serverSide, {
          fieldManager: FIELD_MANAGER,
          dryRun: true,
          signal: ctx.signal,
          onApplied: applied =>
            ctx.logger.info(
              `Dry run: ${applied.ref} would be ${
                applied.outcome === 'unchanged'
                  ? 'left unchanged'
                  : applied.outcome
              }`,
            ),
        });
        for (const obj of objects.filter(o => !serverSide.includes(o))) {
          ctx.logger.info(
            `Dry run: ${obj.kind?.toLowerCase()}/${
              obj.metadata?.name
            } would be created`,
          );
        }
        return;
      }

      let ran = false;
      await ctx.checkpoint({
        key: `tenant-phase-${phaseId}-${tenantId}`,
        fn: async () => {
          ran = true;
          const report = (event: PhaseEvent) =>
            reportSafely(deps, ctx.logger, tenantId, phaseId, event);
          await report({ type: 'started' });
          try {
            const renderContext = await prepare();
            const objects =
              phaseId === 'secrets'
                ? await secretObjects(kubeConfig, spec, namespace, ctx.secrets)
                : renderPhase(phaseId, spec, renderContext);
            const applied = await applyObjects(kubeConfig, objects, {
              fieldManager: FIELD_MANAGER,
              signal: ctx.signal,
              onApplied: a => ctx.logger.info(`${a.ref} ${a.outcome}`),
              onConnectionLost: reason =>
                ctx.logger.warn(connectionLostWhileApplying(reason)),
            });
            const summary = summarizeApplied(applied);
            await report({ type: 'log', message: `Applied: ${summary}` });

            const expected = expectedWorkloadsOf(objects);
            if (expected.length > 0) {
              ctx.logger.info(
                `Waiting for ${expected.length} workload(s) to become ready`,
              );
              await waitForWorkloads(kubeConfig, {
                namespace,
                labelSelector: `${tenantSelector(
                  slug,
                )},${PHASE_LABEL}=${phaseId}`,
                expected,
                timeoutMs,
                signal: ctx.signal,
                onProgress: progress => ctx.logger.info(progress.message),
                onInfo: message => ctx.logger.info(message),
              });
            }
            const message = `Phase ${phaseId} completed: ${summary}${
              expected.length ? `; ${expected.length} workload(s) ready` : ''
            }`;
            ctx.logger.info(message);
            await report({ type: 'completed', message });
            return { objects: applied.length };
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

/** e.g. `3 created, 1 configured, 2 unchanged` */
export function summarizeApplied(applied: AppliedObject[]): string {
  const counts = new Map<string, number>();
  for (const a of applied) {
    counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  }
  if (counts.size === 0) return 'no objects';
  return (['created', 'configured', 'unchanged'] as const)
    .filter(o => counts.has(o))
    .map(o => `${counts.get(o)} ${o}`)
    .join(', ');
}

function expectedWorkloadsOf(objects: KubernetesObject[]): ExpectedRef[] {
  return objects
    .filter(o => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map(o => ({
      kind: o.kind as ExpectedRef['kind'],
      name: o.metadata!.name!,
    }));
}

/**
 * The tenant's Secrets with values: those on the cluster are kept, missing
 * generated ones are created randomly, user-provided ones come from the
 * scaffolder secrets.
 */
async function secretObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  namespace: string,
  userSecrets: Record<string, string> | undefined,
): Promise<KubernetesObject[]> {
  const requirements = secretRequirements(spec);
  const existing = await readExistingSecretValues(
    kubeConfig,
    namespace,
    requirements.map(r => r.name),
  );
  const values = mergeSecretValues(requirements, existing, userSecrets ?? {});
  return renderSecrets(spec, values);
}
