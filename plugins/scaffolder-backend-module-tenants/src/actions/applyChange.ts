import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeChanges,
  type ChangeRequestDetail,
  type ChangeRequestEvent,
  type TenantSpec,
} from '@internal/backstage-plugin-tenants-common';
import {
  applyObjects,
  FIELD_MANAGER,
  objectRef,
  objectsToPrune,
  PHASE_LABEL,
  planTenantChange,
  prepareStatefulSetStorage,
  pruneObjects,
  renderSecrets,
  secretRequirements,
  tenantNamespaceName,
  tenantSelector,
  type TenantChangePhase,
} from '@internal/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import { mergeSecretValues, missingCrdsMessage } from './helpers';
import {
  listCrdNames,
  readExistingSecretValues,
  waitForWorkloads,
  type ExpectedRef,
  type KubeConfig,
  connectionLostWhileApplying,
} from './kube';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  summarizeApplied,
  type PhaseActionDeps,
} from './phase';
import {
  MAX_READINESS_TIMEOUT_SECONDS,
  parseReadinessTimeoutSeconds,
  parseTenantSpec,
} from './parseTenantSpec';

/** @public */
export interface ApplyChangeDeps
  extends Omit<PhaseActionDeps, 'tenantService'> {
  tenantService: Pick<TenantServiceClient, 'getChangeRequest' | 'reportChange'>;
}

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

const example = `
steps:
  - id: apply
    name: Apply the change
    action: tenant:apply-change
    input:
      changeRequestId: \${{ parameters.changeRequestId }}
`;

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Creates `tenant:apply-change`: applies an approved change request of a
 * tenant with the code of the provisioning phases. Both specs (the one the
 * change is applied on and the one it results in) are rendered phase by
 * phase; each phase whose objects differ is applied in a checkpoint of its
 * own (a retried task skips the phases that completed):
 *
 * 1. StatefulSets whose volume claim templates change (a tier's storage
 *    size) get their claims expanded and are re-created with orphaned pods
 *    (`prepareStatefulSetStorage`), because claim templates are immutable;
 * 2. the phase's objects are applied with server-side apply;
 * 3. objects with the tenant's and the phase's labels that the new render no
 *    longer contains (a disabled module's services) are deleted;
 * 4. the phase's workloads are awaited (kstatus, by watching).
 *
 * A shrinking resource tier applies the namespace phase (quota, default
 * limits) last. Progress goes to the task log and to the Tenant Service
 * (service credentials), which records the new spec version once the action
 * reports `applied`. Secret values are never logged.
 *
 * @public
 */
export function createApplyChangeAction(deps: ApplyChangeDeps) {
  return createTemplateAction({
    id: 'tenant:apply-change',
    description:
      'Applies an approved tenant change request (resource tier, modules): re-renders the affected provisioning phases, resizes StatefulSet storage, applies with server-side apply, prunes what is no longer rendered and waits until the workloads are ready',
    examples: [
      {
        description:
          'Apply the change request the Tenant Service started this task for',
        example,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        changeRequestId: z =>
          z
            .string()
            .uuid()
            .describe('Id of the approved change request to apply'),
        readinessTimeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .max(MAX_READINESS_TIMEOUT_SECONDS)
            .optional()
            .describe(
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
      const readinessTimeoutSeconds = parseReadinessTimeoutSeconds(
        ctx.input.readinessTimeoutSeconds,
      );
      const request = await deps.tenantService.getChangeRequest(id);
      const { fromSpec, targetSpec } = approvedSpecs(request);
      const slug = request.tenantSlug;
      const namespace = tenantNamespaceName(slug);
      const timeoutMs =
        (readinessTimeoutSeconds ?? 0) * 1000 ||
        deps.readinessTimeoutMs ||
        DEFAULT_READINESS_TIMEOUT_MS;
      ctx.output('tenantId', request.tenantId);
      ctx.output('slug', slug);

      ctx.logger.info(
        `Change request ${id} for tenant ${slug}: ${describeChanges(
          request.diff,
        )} (spec version ${request.fromSpecVersion} → ${
          (request.fromSpecVersion ?? 0) + 1
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
      const renderContext = { ...deps.renderContext, availableCrds };
      const plan = planTenantChange(fromSpec, targetSpec, renderContext);
      const phaseIds = plan.phases.map(p => p.phase);
      ctx.output('phases', phaseIds);
      ctx.logger.info(
        plan.phases.length
          ? `Phases to apply: ${phaseIds.join(', ')}${
              plan.shrinking
                ? ' (the resource tier shrinks: quota and limits go last, once the workloads are smaller)'
                : ''
            }; unchanged: ${plan.unchanged.join(', ') || 'none'}`
          : 'No phase renders different objects; only the spec version changes',
      );
      for (const phase of plan.phases) {
        const missing = missingCrdsMessage(phase.phase, availableCrds);
        if (missing) throw new Error(missing);
      }

      if (ctx.isDryRun) {
        for (const phase of plan.phases) {
          ctx.logger.info(
            `Dry run: phase ${phase.phase} would apply ${
              phase.objects.length
            } object(s)${describePrune(objectsToPrune(phase))}`,
          );
        }
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
        for (const phase of plan.phases) {
          let ran = false;
          await ctx.checkpoint({
            key: `tenant-change-${id}-${phase.phase}`,
            fn: async () => {
              ran = true;
              const summary = await applyPhase(phase);
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
      ctx.output('specVersion', result.appliedSpecVersion);
      ctx.logger.info(
        `${done}; the tenant is ready with spec version ${result.appliedSpecVersion}`,
      );

      async function applyPhase(phase: TenantChangePhase): Promise<string> {
        const phaseId = phase.phase;
        ctx.logger.info(
          `Phase ${phaseId}: applying ${phase.objects.length} object(s)`,
        );
        const objects =
          phaseId === 'secrets'
            ? await secretObjects(kubeConfig, targetSpec, namespace)
            : phase.objects;
        const progress = (message: string) =>
          ctx.logger.info(`Phase ${phaseId}: ${message}`);

        const storage = await prepareStatefulSetStorage(kubeConfig, objects, {
          fieldManager: FIELD_MANAGER,
          timeoutMs,
          signal: ctx.signal,
          onProgress: progress,
        });
        const applied = await applyObjects(kubeConfig, objects, {
          fieldManager: FIELD_MANAGER,
          signal: ctx.signal,
          onApplied: a => progress(`${a.ref} ${a.outcome}`),
          onConnectionLost: reason =>
            progress(connectionLostWhileApplying(reason)),
        });

        const labelSelector = `${tenantSelector(
          slug,
        )},${PHASE_LABEL}=${phaseId}`;
        const pruned = await pruneObjects(kubeConfig, {
          labelSelector,
          namespace,
          keep: objects,
          kinds: kindsOf([...phase.previous, ...objects]),
          timeoutMs,
          signal: ctx.signal,
          onProgress: progress,
        });

        const expected = expectedWorkloadsOf(objects);
        if (expected.length > 0) {
          progress(
            `waiting for ${expected.length} workload(s) to become ready`,
          );
          await waitForWorkloads(kubeConfig, {
            namespace,
            labelSelector,
            expected,
            timeoutMs,
            signal: ctx.signal,
            onProgress: p => progress(p.message),
            onInfo: progress,
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
            ? [
                `re-created with new claim templates: ${storage.recreated.join(
                  ', ',
                )}`,
              ]
            : []),
          ...(pruned.length ? [`pruned: ${pruned.join(', ')}`] : []),
          ...(expected.length ? [`${expected.length} workload(s) ready`] : []),
        ].join('; ');
        ctx.logger.info(summary);
        return summary;
      }
    },
  });
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

function kindsOf(objects: KubernetesObject[]) {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const { apiVersion, kind } of objects) {
    if (apiVersion && kind)
      kinds.set(`${apiVersion}/${kind}`, { apiVersion, kind });
  }
  return [...kinds.values()];
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
 * The tenant's Secrets with the values on the cluster (generated ones
 * created when missing). A change never brings new user-provided secrets,
 * so those come from the cluster too.
 */
async function secretObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  namespace: string,
): Promise<KubernetesObject[]> {
  const requirements = secretRequirements(spec);
  const existing = await readExistingSecretValues(
    kubeConfig,
    namespace,
    requirements.map(r => r.name),
  );
  return renderSecrets(spec, mergeSecretValues(requirements, existing, {}));
}
