import { randomBytes } from 'node:crypto';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  PROVISIONING_PHASES,
  type DryRunObject,
  type DryRunPhase,
  type DryRunResponse,
  type PhaseId,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  applyObjects,
  FIELD_MANAGER,
  listCrdNames,
  loadKubernetesClient,
  missingCrds,
  missingCrdsMessage,
  renderPhase,
  renderSecrets,
  REQUIRED_CRDS_BY_PHASE,
  secretRequirements,
  tenantNamespaceName,
  type KubeConfig,
  type RenderContext,
  type RequiredCrds,
} from '@tenant-platform/backstage-plugin-tenants-node';

type KubernetesObject = Parameters<typeof applyObjects>[1][number];

/** The value every secret key gets in a dry run: never a real or generated secret. */
export const DRY_RUN_SECRET_PLACEHOLDER = 'dry-run-placeholder';

/** Default namespace that stands in for a tenant namespace that does not exist yet. */
export const DEFAULT_STAND_IN_NAMESPACE = 'default';

export interface DryRunOptions {
  kubeConfig: KubeConfig;
  /** Cluster name, for the answer and messages. */
  cluster: string;
  /** Render options; `availableCrds` is filled in from the cluster. */
  renderContext: RenderContext;
  /** An existing namespace to validate namespaced objects in while the tenant's does not exist. */
  standInNamespace?: string;
  /** The CRDs each phase needs; default {@link REQUIRED_CRDS_BY_PHASE}. */
  requiredCrds?: RequiredCrds;
  /** How many objects are submitted at a time; default 8. */
  concurrency?: number;
}

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

const refOf = (obj: KubernetesObject) =>
  `${(obj.kind ?? 'object').toLowerCase()}/${obj.metadata?.name ?? ''}`;

/** The group of a CRD named `<plural>.<group>`. */
const crdGroup = (crd: string) => crd.slice(crd.indexOf('.') + 1);

const apiGroup = (obj: KubernetesObject) =>
  obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';

async function exists(
  kubeConfig: KubeConfig,
  obj: { apiVersion: string; kind: string; name: string; namespace?: string },
): Promise<boolean> {
  const { KubernetesObjectApi } = await loadKubernetesClient();
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  try {
    await api.read({
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { name: obj.name, namespace: obj.namespace },
    });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
}

/** The phase's objects as the phase would apply them, secrets with placeholder values. */
function renderForDryRun(
  phaseId: PhaseId,
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  if (phaseId !== 'secrets') {
    return renderPhase(phaseId, spec, ctx);
  }
  const placeholders = Object.fromEntries(
    secretRequirements(spec, ctx).map(r => [
      r.name,
      Object.fromEntries(r.keys.map(k => [k, DRY_RUN_SECRET_PLACEHOLDER])),
    ]),
  );
  return renderSecrets(spec, placeholders, ctx);
}

/** How many objects are submitted to the API server at a time. */
const DRY_RUN_CONCURRENCY = 8;

/** Runs at most `max` of the given tasks at a time. */
function concurrencyLimit(max: number) {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) {
      await new Promise<void>(resolve => queue.push(resolve));
    }
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      queue.shift()?.();
    }
  };
}

/**
 * Renders every phase of a tenant and submits each object to the cluster
 * with server-side dry run (server-side apply with `dryRun=All`): the API
 * server runs defaulting, schema validation and admission but persists
 * nothing. Answers per phase the objects with what applying them would do,
 * and the errors the API server returned (the objects it refused are left
 * out of `objects` and named in `error`).
 *
 * The tenant's namespace usually does not exist yet, and objects cannot be
 * dry-run into a namespace that does not exist (the API server answers 404,
 * since the dry-run Namespace was never created). So the Namespace itself is
 * dry-run as it is, and every namespaced object is dry-run in an existing
 * stand-in namespace (`default` unless configured) under its own name, which
 * exercises the same schema validation and admission; such objects are
 * reported as `created` in the tenant namespace. Should an object of the same
 * kind and name already exist in the stand-in namespace, the dry run uses a
 * unique name instead, so that it validates a creation, not a merge into
 * someone else's object. Once the tenant namespace exists, objects are
 * dry-run in it and the outcomes are the real ones.
 *
 * Phases whose required CRDs the cluster does not serve get an error naming
 * them; their other objects are still dry-run.
 */
export async function dryRunTenant(
  spec: TenantSpec,
  options: DryRunOptions,
): Promise<DryRunResponse> {
  const { kubeConfig, cluster } = options;
  const standIn = options.standInNamespace ?? DEFAULT_STAND_IN_NAMESPACE;
  const requiredCrds = options.requiredCrds ?? REQUIRED_CRDS_BY_PHASE;
  const namespace = tenantNamespaceName(spec.details.slug);

  let availableCrds: string[];
  let namespaceExists: boolean;
  try {
    availableCrds = await listCrdNames(kubeConfig);
    namespaceExists = await exists(kubeConfig, {
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
  } catch (error) {
    throw new ServiceUnavailableError(
      `Cluster '${cluster}' could not be reached for the dry run: ${errorMessage(
        error,
      )}`,
    );
  }
  const renderContext = { ...options.renderContext, availableCrds };

  const dryRunObject = async (
    obj: KubernetesObject,
  ): Promise<DryRunObject['outcome']> => {
    const inTenantNamespace = obj.metadata?.namespace === namespace;
    if (!inTenantNamespace || namespaceExists) {
      const [applied] = await applyObjects(kubeConfig, [obj], {
        fieldManager: FIELD_MANAGER,
        dryRun: true,
      });
      return applied.outcome;
    }
    const name = obj.metadata!.name!;
    const taken = await exists(kubeConfig, {
      apiVersion: obj.apiVersion!,
      kind: obj.kind!,
      name,
      namespace: standIn,
    });
    const standInName = taken
      ? `${name.slice(0, 51)}-dryrun-${randomBytes(2).toString('hex')}`
      : name;
    try {
      await applyObjects(
        kubeConfig,
        [
          {
            ...obj,
            metadata: {
              ...obj.metadata,
              name: standInName,
              namespace: standIn,
            },
          },
        ],
        { fieldManager: FIELD_MANAGER, dryRun: true },
      );
    } catch (error) {
      // Report it as the object in the tenant namespace, under its own name.
      const standInRef = `${refOf(obj).split('/')[0]}/${standInName}`;
      throw new Error(
        errorMessage(error)
          .replace(
            `${standInRef} in namespace ${standIn}`,
            `${refOf(obj)} in namespace ${namespace}`,
          )
          .split(standInName)
          .join(name),
      );
    }
    return 'created';
  };

  // Nothing is persisted, so no object depends on another having been
  // applied: all are submitted concurrently (a few at a time) and reported
  // in phase and apply order.
  const limit = concurrencyLimit(options.concurrency ?? DRY_RUN_CONCURRENCY);
  const phases = await Promise.all(
    PROVISIONING_PHASES.map(async (phase): Promise<DryRunPhase> => {
      const errors: string[] = [];
      const missingMessage = missingCrdsMessage(
        phase.id,
        availableCrds,
        requiredCrds,
      );
      if (missingMessage) errors.push(missingMessage);
      const missingGroups = new Set(
        missingCrds(phase.id, availableCrds, requiredCrds).map(crdGroup),
      );
      let rendered: KubernetesObject[] = [];
      try {
        rendered = renderForDryRun(phase.id, spec, renderContext);
      } catch (error) {
        errors.push(`Could not render the phase: ${errorMessage(error)}`);
      }
      type Result = { object: DryRunObject } | { error: string };
      const results = await Promise.all(
        rendered
          // kinds of missing CRDs are not served: already reported above
          .filter(obj => !missingGroups.has(apiGroup(obj)))
          .map(obj =>
            limit(async (): Promise<Result> => {
              try {
                const outcome = await dryRunObject(obj);
                const object: DryRunObject = {
                  apiVersion: obj.apiVersion!,
                  kind: obj.kind!,
                  name: obj.metadata!.name!,
                  ...(obj.metadata?.namespace
                    ? { namespace: obj.metadata.namespace }
                    : {}),
                  outcome,
                };
                return { object };
              } catch (error) {
                return { error: errorMessage(error) };
              }
            }),
          ),
      );
      const objects = results.flatMap(r => ('object' in r ? [r.object] : []));
      errors.push(...results.flatMap(r => ('error' in r ? [r.error] : [])));
      return {
        phaseId: phase.id,
        name: phase.name,
        objects,
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
      };
    }),
  );
  return { cluster, namespace, phases };
}
