import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { describeKubernetesError, isNotFound } from './describeKubernetesError';
import { loadKubernetesClient } from './loadKubernetesClient';

/** What server-side apply did to an object. @public */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** @public */
export interface AppliedObject {
  /** `kind/name`, e.g. `deployment/api`, for logs. */
  ref: string;
  namespace?: string;
  outcome: ApplyOutcome;
  object: KubernetesObject;
}

/** @public */
export interface ApplyObjectsOptions {
  /** The field manager that owns the applied fields. */
  fieldManager: string;
  /** Validate against the API server without persisting (server-side dry run). */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each object, e.g. to log `deployment/api configured`. */
  onApplied?: (applied: AppliedObject) => void;
}

/** Thrown when the API server refuses an object; the message names it and says why. @public */
export class ApplyError extends Error {
  name = 'ApplyError';
}

// A dry run does not bump resourceVersion, so it compares what apply manages.
function managedContent(obj: KubernetesObject): string {
  const { metadata, status, ...rest } = obj as KubernetesObject & {
    status?: unknown;
  };
  return JSON.stringify({
    ...rest,
    labels: metadata?.labels,
    annotations: metadata?.annotations,
  });
}

function outcomeOf(
  existing: KubernetesObject | undefined,
  applied: KubernetesObject,
  dryRun: boolean,
): ApplyOutcome {
  if (!existing) return 'created';
  const same = dryRun
    ? managedContent(existing) === managedContent(applied)
    : existing.metadata?.resourceVersion === applied.metadata?.resourceVersion;
  return same ? 'unchanged' : 'configured';
}

const refOf = (obj: KubernetesObject) =>
  `${(obj.kind ?? 'object').toLowerCase()}/${obj.metadata?.name ?? ''}`;

const identityOf = (obj: KubernetesObject) =>
  [obj.apiVersion, obj.kind, obj.metadata?.namespace, obj.metadata?.name].join(
    '/',
  );

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * A view of the KubeConfig whose requests share one keep-alive connection
 * pool. `@kubernetes/client-node` 2.0.1 creates a new undici Agent for every
 * request (in `applySecurityAuthentication`), so each request would open its
 * own TCP connection and TLS handshake; here the first request's agent is
 * reused for the rest of the call and closed by `close()`. Headers (tokens)
 * are still applied per request by the underlying KubeConfig.
 */
function withSharedConnection(kubeConfig: KubeConfig): {
  kubeConfig: KubeConfig;
  close: () => Promise<void>;
} {
  let shared: Dispatcher | undefined;
  const view: KubeConfig = Object.create(kubeConfig);
  view.applySecurityAuthentication = async (context: RequestContext) => {
    await kubeConfig.applySecurityAuthentication(context);
    const own = context.getDispatcher();
    if (!own || own === shared) return;
    if (!shared) {
      shared = own;
      return;
    }
    context.setDispatcher(shared);
    // A fresh agent that never connected: nothing to wait for.
    own.close().catch(() => undefined);
  };
  return {
    kubeConfig: view,
    close: async () => {
      await shared?.close().catch(() => undefined);
    },
  };
}

type PriorState = { existing?: KubernetesObject } | { error: unknown };

/**
 * Applies objects in order with server-side apply (forcing ownership of the
 * fields this field manager sets) and reports for each whether it was created,
 * configured or left unchanged.
 *
 * The outcome needs each object's state before its apply (a GET). To keep
 * that off the critical path, the GET of the next object is sent while the
 * current object is being applied (unless the next object is the same one);
 * applies themselves stay strictly sequential, in the given order. All
 * requests of a call share one keep-alive connection.
 *
 * @public
 */
export async function applyObjects(
  kubeConfig: KubeConfig,
  objects: KubernetesObject[],
  options: ApplyObjectsOptions,
): Promise<AppliedObject[]> {
  const { KubernetesObjectApi, PatchStrategy } = await loadKubernetesClient();
  const connection = withSharedConnection(kubeConfig);
  const api = KubernetesObjectApi.makeApiClient(connection.kubeConfig);
  const dryRun = options.dryRun ? 'All' : undefined;
  const results: AppliedObject[] = [];

  const headerOf = (desired: KubernetesObject) => ({
    apiVersion: desired.apiVersion!,
    kind: desired.kind!,
    metadata: {
      name: desired.metadata!.name!,
      namespace: desired.metadata?.namespace,
    },
  });
  // Never rejects, so a read started ahead is never an unhandled rejection.
  const readPriorState = (desired: KubernetesObject): Promise<PriorState> =>
    api.read(headerOf(desired)).then(
      existing => ({ existing }),
      error => (isNotFound(error) ? { existing: undefined } : { error }),
    );

  try {
    let ahead: Promise<PriorState> | undefined;
    for (let i = 0; i < objects.length; i++) {
      options.signal?.throwIfAborted();
      const desired = objects[i];
      const next = objects[i + 1];
      const prior = ahead ?? readPriorState(desired);
      ahead = undefined;
      const ref = refOf(desired);
      const header = headerOf(desired);
      try {
        const state = await prior;
        if ('error' in state) throw state.error;
        const applying = api.patch(
          desired,
          undefined,
          dryRun,
          options.fieldManager,
          true,
          PatchStrategy.ServerSideApply,
        );
        if (next && identityOf(next) !== identityOf(desired)) {
          ahead = readPriorState(next);
        }
        const applied = await applying;
        const result: AppliedObject = {
          ref,
          namespace: desired.metadata?.namespace,
          outcome: outcomeOf(state.existing, applied, !!dryRun),
          object: applied,
        };
        results.push(result);
        options.onApplied?.(result);
      } catch (error) {
        const where = desired.metadata?.namespace
          ? `${ref} in namespace ${desired.metadata.namespace}`
          : ref;
        throw new ApplyError(describeKubernetesError(error, where, header));
      }
    }
    return results;
  } finally {
    await connection.close();
  }
}
