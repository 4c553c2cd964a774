import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type {
  DriftDifference,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { cachedCrdNames } from '../crds/cachedCrdNames';
import { listKind } from '../kubernetes/listLabelledObjects';
import { transientApiErrorReason } from '../kubernetes/transientApiErrors';
import { makeSharedDiscoveryObjectApi } from '../kubernetes/sharedDiscovery';
import type { RenderContext } from '../render/context';
import { tenantNamespaceName, tenantSelector } from '../render/labels';
import { renderAllPhases } from '../render/renderPhase';
import { secretRequirements } from '../render/secrets';
import { fieldDifferences } from './fieldDifferences';

/** The result of comparing a tenant's objects with what its phases apply. @public */
export type TenantDrift = {
  /**
   * The lists the check made, one per kind (the cluster's CRD names come
   * from a cache of 30 s shared with the phases).
   */
  requests: number;
} & (
  | { state: 'in_sync' | 'drifted'; differences: DriftDifference[] }
  | {
      /** The cluster could not be read. */
      state: 'unknown';
      reason: string;
    }
);

const refOf = (obj: KubernetesObject) =>
  `${obj.kind?.toLowerCase()}/${obj.metadata?.name}`;

const keyOf = (obj: KubernetesObject) =>
  `${obj.apiVersion}/${obj.kind}/${obj.metadata?.namespace ?? ''}/${
    obj.metadata?.name
  }`;

/**
 * A Secret as it would be stored: its rendered (non-secret) entries base64
 * in `data`. The secret keys have values the check does not know; that they
 * exist is checked apart.
 */
function storedForm(secret: KubernetesObject): KubernetesObject {
  const { stringData, ...rest } = secret as KubernetesObject & {
    stringData?: Record<string, string>;
  };
  return {
    ...rest,
    data: Object.fromEntries(
      Object.entries(stringData ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value).toString('base64'),
      ]),
    ),
  } as KubernetesObject;
}

function secretDifferences(
  live: KubernetesObject,
  desired: KubernetesObject,
  secretKeys: string[],
): string[] {
  const data = (live as { data?: Record<string, string> }).data ?? {};
  return [
    ...fieldDifferences(live, storedForm(desired)).map(d => d.path),
    ...secretKeys.filter(key => !data[key]).map(key => `data.${key}`),
  ];
}

/**
 * Compares a tenant's objects on its cluster with the objects its phases
 * would apply for `spec` and `context`: objects missing, fields the render
 * sets that differ (see `fieldDifferences`), and objects with the tenant's
 * labels that no phase renders. It lists each kind once in the tenant's
 * namespace (Namespaces cluster-wide), never reading object by object.
 * Secrets are compared by their non-secret entries and the presence of their
 * secret keys; their values never leave this function. A cluster that cannot
 * be read (down, unreachable, overloaded) makes the state `unknown`, with the
 * reason.
 *
 * @public
 */
export async function detectDrift(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  context: RenderContext,
): Promise<TenantDrift> {
  let requests = 0;
  try {
    return await compareWithCluster(kubeConfig, spec, context, () => {
      requests += 1;
    });
  } catch (error) {
    const reason =
      transientApiErrorReason(error) ??
      transientApiErrorReason((error as { cause?: unknown }).cause);
    if (!reason) throw error;
    return { state: 'unknown', reason, requests };
  }
}

async function compareWithCluster(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  context: RenderContext,
  onRequest: () => void,
): Promise<TenantDrift> {
  const availableCrds = await cachedCrdNames(kubeConfig);
  const desired = renderAllPhases(spec, { ...context, availableCrds }).flatMap(
    ({ phase, objects }) => objects.map(object => ({ phase, object })),
  );
  const namespace = tenantNamespaceName(spec.details.slug);
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const { object } of desired) {
    kinds.set(`${object.apiVersion}/${object.kind}`, {
      apiVersion: object.apiVersion!,
      kind: object.kind!,
    });
  }

  // Discovery shared with the phases: a check only lists.
  const api = await makeSharedDiscoveryObjectApi(kubeConfig);
  const selector = tenantSelector(spec.details.slug);
  const live = new Map<string, KubernetesObject>();
  for (const kind of kinds.values()) {
    onRequest();
    const items =
      (await listKind(
        api,
        kind,
        selector,
        kind.kind === 'Namespace' ? undefined : namespace,
      )) ?? [];
    for (const item of items) {
      live.set(keyOf({ ...item, ...kind }), { ...item, ...kind });
    }
  }

  const secretKeys = new Map(
    secretRequirements(spec, context).map(r => [r.name, r.keys]),
  );
  const differences: DriftDifference[] = [];
  for (const { phase, object } of desired) {
    const key = keyOf(object);
    const found = live.get(key);
    live.delete(key);
    const where = {
      object: refOf(object),
      ...(object.metadata?.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
      phase,
    };
    if (!found) {
      differences.push({ type: 'missing', ...where });
    } else if (object.kind === 'Secret') {
      for (const path of secretDifferences(
        found,
        object,
        secretKeys.get(object.metadata?.name ?? '') ?? [],
      )) {
        differences.push({ type: 'field', ...where, path });
      }
    } else {
      for (const d of fieldDifferences(found, object)) {
        differences.push({ type: 'field', ...where, ...d });
      }
    }
  }
  for (const extra of live.values()) {
    differences.push({
      type: 'unexpected',
      object: refOf(extra),
      ...(extra.metadata?.namespace
        ? { namespace: extra.metadata.namespace }
        : {}),
    });
  }
  return {
    state: differences.length ? 'drifted' : 'in_sync',
    differences,
    requests: kinds.size,
  };
}
