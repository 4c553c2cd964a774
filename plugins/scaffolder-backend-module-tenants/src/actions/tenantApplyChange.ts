import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  changesSpec,
  describeChanges,
  stagedPasswords,
  type ChangeRequestDetail,
  type ChangeRequestEvent,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APPLY_PHASES,
  deleteStagedPasswords,
  listCrdNames,
  missingCrdsMessage,
  objectRef,
  objectsToPrune,
  planTenantChange,
  readStagedPasswords,
  renderPhase,
  tenantNamespaceName,
  type PlatformVersions,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import { applyChangePhase } from '../changes/applyChangePhase';
import { repairDrift } from '../changes/repairDrift';
import type { PhaseActionDeps } from '../phases/definePhaseAction';
import { withInjectedFaults } from '../phases/phaseRenderContext';
import {
  readinessTimeoutMs,
  readinessTimeoutSecondsInput,
} from '../util/actionInputs';
import { errorMessage } from '../util/errorMessage';
import {
  parseReadinessTimeoutSeconds,
  parseTenantSpec,
} from '../util/parseTenantSpec';
import { examples } from './tenantApplyChange.examples';

type KubernetesObject = Parameters<typeof objectRef>[0];

/** @public */
export interface ApplyChangeDeps
  extends Omit<PhaseActionDeps, 'tenantService'> {
  tenantService: Pick<TenantServiceClient, 'getChangeRequest' | 'reportChange'>;
  /**
   * The declared platform versions: the spec a change is applied on is
   * rendered with the tenant's version, the resulting one with the version
   * the change upgrades to. Without it, both with `renderContext`.
   */
  platformVersions?: PlatformVersions;
}

/**
 * Creates `tenant:apply-change`: applies an approved change request of a
 * tenant with the code of the provisioning phases. Both specs (the one the
 * change is applied on and the one it results in) are rendered phase by
 * phase; each phase whose objects differ is applied in a checkpoint of its
 * own (a retried task skips the phases that completed) by
 * {@link applyChangePhase}: StatefulSet storage resized, objects applied with
 * server-side apply, objects no longer rendered pruned, workloads awaited.
 *
 * A request with `platformVersion` renders the resulting spec with that
 * version's images and defaults (an upgrade). A shrinking resource tier
 * applies the namespace phase (quota, default limits) last. Data sources
 * added or edited with a new password bring it as a staged Secret in the
 * tenant's namespace (template `tenant-data-source-change`): the secrets
 * phase writes it into the data source's Secret, and the staged Secret is
 * deleted once the change is applied; a removed data source's Secret is
 * pruned. A request with `repair` then repairs the tenant's drift
 * (`repairDrift`). Progress goes to the task log and to the Tenant Service
 * (service credentials), which records the new spec version once the action
 * reports `applied`. Secret values are never logged.
 *
 * @public
 */
export function createApplyChangeAction(deps: ApplyChangeDeps) {
  return createTemplateAction({
    id: 'tenant:apply-change',
    description:
      'Applies an approved tenant change request (resource tier, modules, security, data sources with their staged passwords, repair): re-renders the affected provisioning phases, resizes StatefulSet storage, applies with server-side apply, prunes what is no longer rendered and waits until the workloads are ready; a repair applies the drifted phases again and removes unexpected objects',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        changeRequestId: z =>
          z
            .string()
            .uuid()
            .describe('Id of the approved change request to apply'),
        readinessTimeoutSeconds: readinessTimeoutSecondsInput(
          'How long each phase waits for its workloads to become ready (default 600)',
        ),
      },
      output: {
        tenantId: z => z.string().describe('Id of the changed tenant'),
        slug: z => z.string(),
        specVersion: z =>
          z
            .number()
            .optional()
            .describe('The spec version the applied change created'),
        phases: z =>
          z.array(z.string()).describe('The phases the change re-applied'),
      },
    },
    async handler(ctx) {
      const id = ctx.input.changeRequestId;
      const timeoutMs = readinessTimeoutMs(
        parseReadinessTimeoutSeconds(ctx.input.readinessTimeoutSeconds),
        deps.readinessTimeoutMs,
      );
      const request = await deps.tenantService.getChangeRequest(id);
      const { fromSpec, targetSpec } = approvedSpecs(request);
      const slug = request.tenantSlug;
      const namespace = tenantNamespaceName(slug);
      ctx.output('tenantId', request.tenantId);
      ctx.output('slug', slug);

      const newSpec = changesSpec(request.diff);
      ctx.logger.info(
        `Change request ${id} for tenant ${slug}: ${describeChanges(
          request.diff,
        )} (spec version ${request.fromSpecVersion}${
          newSpec ? ` → ${(request.fromSpecVersion ?? 0) + 1}` : ', unchanged'
        }), requested by ${request.requestedBy}, approved by ${
          request.decidedBy
        }`,
      );
      if (request.status === 'applied') {
        ctx.logger.info(
          `Change request ${id} is already applied (spec version ${request.appliedSpecVersion}); nothing to do`,
        );
        ctx.output('specVersion', request.appliedSpecVersion);
        ctx.output('phases', []);
        return;
      }

      const kubeConfig = await deps.clusters.kubeConfig(request.cluster!);
      const availableCrds = await listCrdNames(kubeConfig);
      // A tenant without a recorded version is rendered with the one in force.
      const contextOf = (version?: string): RenderContext => {
        const base = { ...deps.renderContext, availableCrds };
        return deps.platformVersions?.renderContext(base, version) ?? base;
      };
      const renderContext = await withInjectedFaults(
        contextOf(request.changes.platformVersion ?? request.platformVersion),
        {
          kubeConfig,
          faultInjection: deps.faultInjection,
          slug,
          logger: ctx.logger,
        },
      );
      const staged = stagedPasswords(request.changes.dataSources);
      const plan = withSecretsPhase(
        planTenantChange(
          fromSpec,
          targetSpec,
          contextOf(request.platformVersion),
          renderContext,
        ),
        staged.length > 0,
        { fromSpec, targetSpec, renderContext },
      );
      const phaseIds = plan.phases.map(p => p.phase);
      ctx.output('phases', phaseIds);
      ctx.logger.info(describePlan(plan, newSpec));
      if (staged.length) {
        ctx.logger.info(
          `New passwords of data source(s) ${staged
            .map(s => `${s.dataSource} (staged in Secret ${s.secretName})`)
            .join(', ')} go into their Secrets with the secrets phase`,
        );
      }
      for (const phase of plan.phases) {
        const missing = missingCrdsMessage(phase.phase, availableCrds);
        if (missing) throw new Error(missing);
      }

      const repair = (dryRun: boolean) =>
        repairDrift({
          spec: targetSpec,
          namespace,
          kubeConfig,
          renderContext,
          timeoutMs,
          logger: ctx.logger,
          dryRun,
          signal: ctx.signal,
          checkpoint: async (key, fn) => {
            await ctx.checkpoint({
              key: `tenant-change-${id}-${key}`,
              fn: async () => {
                await fn();
                return { done: true };
              },
            });
          },
        });

      if (ctx.isDryRun) {
        for (const phase of plan.phases) {
          ctx.logger.info(
            `Dry run: phase ${phase.phase} would apply ${
              phase.objects.length
            } object(s)${describePrune(objectsToPrune(phase))}`,
          );
        }
        if (request.changes.repair) await repair(true);
        return;
      }

      const report = async (event: ChangeRequestEvent) =>
        deps.tenantService.reportChange(id, event);
      const reportSafely = async (event: ChangeRequestEvent) => {
        try {
          await report(event);
        } catch (error) {
          ctx.logger.warn(
            `Could not report '${
              event.type
            }' of change request ${id} to the Tenant Service: ${errorMessage(
              error,
            )}`,
          );
        }
      };

      // Refused (e.g. the request is no longer approved): nothing is touched.
      await report({ type: 'started', taskId: ctx.task.id });
      try {
        // Read before any phase, so that a staged password that is gone
        // fails the change before anything is applied.
        const stagedValues = staged.length
          ? await readStagedPasswords(kubeConfig, namespace, staged)
          : {};
        for (const phase of plan.phases) {
          let ran = false;
          await ctx.checkpoint({
            key: `tenant-change-${id}-${phase.phase}`,
            fn: async () => {
              ran = true;
              const summary = await applyChangePhase({
                phase,
                targetSpec,
                renderContext,
                slug,
                namespace,
                kubeConfig,
                timeoutMs,
                logger: ctx.logger,
                signal: ctx.signal,
                userSecrets: async () => stagedValues,
              });
              await reportSafely({ type: 'log', message: summary });
              return { summary };
            },
          });
          if (!ran) {
            ctx.logger.info(
              `Phase ${phase.phase} was already applied in an earlier attempt of this task; skipping`,
            );
          }
        }
        if (request.changes.repair) {
          await reportSafely({ type: 'log', message: await repair(false) });
        }
      } catch (error) {
        const message = `Applying change request ${id} failed: ${errorMessage(
          error,
        )}`;
        ctx.logger.error(message);
        await reportSafely({ type: 'failed', message, level: 'error' });
        throw error;
      }
      const done = `Change applied to tenant ${slug}: ${describeChanges(
        request.diff,
      )}; phases ${phaseIds.join(', ') || 'none'} re-applied`;
      const result = await report({ type: 'applied', message: done });
      if (staged.length) {
        // Once 'applied' is recorded, so that a retry still finds them.
        await discardStaged(
          () =>
            deleteStagedPasswords(
              kubeConfig,
              namespace,
              staged.map(s => s.secretName),
            ),
          ctx.logger,
        );
      }
      ctx.output('specVersion', result.appliedSpecVersion);
      ctx.logger.info(
        result.appliedSpecVersion === undefined
          ? `${done}; the tenant is ready`
          : `${done}; the tenant is ready with spec version ${result.appliedSpecVersion}`,
      );
    },
  });
}

/**
 * The plan with the secrets phase in it when the change brings staged
 * passwords: a new password alone changes no rendered object (they never
 * hold values), yet the data source's Secret must be written.
 */
function withSecretsPhase(
  plan: ReturnType<typeof planTenantChange>,
  needed: boolean,
  specs: {
    fromSpec: TenantSpec;
    targetSpec: TenantSpec;
    renderContext: RenderContext;
  },
): ReturnType<typeof planTenantChange> {
  if (!needed || plan.phases.some(p => p.phase === 'secrets')) return plan;
  const rank = (phase: string) =>
    APPLY_PHASES.indexOf(phase as (typeof APPLY_PHASES)[number]);
  const phases = [...plan.phases];
  const after = phases.findIndex(p => rank(p.phase) > rank('secrets'));
  phases.splice(after < 0 ? phases.length : after, 0, {
    phase: 'secrets',
    objects: renderPhase('secrets', specs.targetSpec, specs.renderContext),
    previous: renderPhase('secrets', specs.fromSpec, specs.renderContext),
  });
  return {
    ...plan,
    phases,
    unchanged: plan.unchanged.filter(p => p !== 'secrets'),
  };
}

/** Deletes the staged passwords once they are in their Secrets; a failure is a warning (the Tenant Service deletes them too). */
async function discardStaged(
  remove: () => Promise<string[]>,
  logger: { info(m: string): void; warn(m: string): void },
) {
  try {
    const deleted = await remove();
    if (deleted.length) {
      logger.info(
        `Deleted the staged password Secret(s) ${deleted.join(', ')}`,
      );
    }
  } catch (error) {
    logger.warn(
      `Could not delete the staged password Secrets (the Tenant Service deletes them once the change is applied): ${errorMessage(
        error,
      )}`,
    );
  }
}

function describePlan(
  plan: ReturnType<typeof planTenantChange>,
  newSpec: boolean,
): string {
  if (plan.phases.length) {
    const shrinking = plan.shrinking
      ? ' (the resource tier shrinks: quota and limits go last, once the workloads are smaller)'
      : '';
    return `Phases to apply: ${plan.phases
      .map(p => p.phase)
      .join(', ')}${shrinking}; unchanged: ${
      plan.unchanged.join(', ') || 'none'
    }`;
  }
  return newSpec
    ? 'No phase renders different objects; only the spec version changes'
    : 'The spec does not change';
}

/** The specs of an approved request; fails saying why a request cannot be applied. */
function approvedSpecs(request: ChangeRequestDetail): {
  fromSpec: TenantSpec;
  targetSpec: TenantSpec;
} {
  if (!request.fromSpec || !request.targetSpec || !request.cluster) {
    throw new Error(
      `Change request ${request.id} is ${request.status}${
        request.cluster ? '' : ' and its tenant has no cluster'
      }; only an approved change request can be applied`,
    );
  }
  return {
    fromSpec: parseTenantSpec(request.fromSpec),
    targetSpec: parseTenantSpec(request.targetSpec),
  };
}

function describePrune(objects: KubernetesObject[]): string {
  return objects.length
    ? ` and prune ${objects.map(objectRef).join(', ')}`
    : '';
}
