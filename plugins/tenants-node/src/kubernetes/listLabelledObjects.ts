import type {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  describeKubernetesError,
  isKindNotServed,
} from './describeKubernetesError';
import { loadKubernetesClient } from './loadKubernetesClient';

/** A kind of object to look for. @public */
export interface LabelledKind {
  apiVersion: string;
  kind: string;
}

/** `kind/name [in namespace]`, the way teardown logs and reports objects. */
export const describeObject = (obj: KubernetesObject, kind: string) =>
  `${kind.toLowerCase()}/${obj.metadata?.name}${
    obj.metadata?.namespace ? ` in ${obj.metadata.namespace}` : ''
  }`;

/** Objects of one kind matching a label selector; `undefined` when the cluster does not serve the kind. */
export async function listKind(
  api: KubernetesObjectApi,
  { apiVersion, kind }: LabelledKind,
  labelSelector: string,
  namespace?: string,
): Promise<KubernetesObject[] | undefined> {
  try {
    const list = await api.list(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      labelSelector,
    );
    return list.items;
  } catch (error) {
    if (isKindNotServed(error)) return undefined;
    throw new Error(describeKubernetesError(error, `listing ${kind}`), {
      cause: error,
    });
  }
}

/**
 * Lists every object matching the label selector over the given kinds, in all
 * namespaces, as `kind/name [in namespace]`. Kinds the cluster does not serve
 * are skipped.
 *
 * @public
 */
export async function listLabelledObjects(
  kubeConfig: KubeConfig,
  labelSelector: string,
  kinds: LabelledKind[],
): Promise<string[]> {
  const { KubernetesObjectApi: ObjectApi } = await loadKubernetesClient();
  const api = ObjectApi.makeApiClient(kubeConfig);
  const found: string[] = [];
  for (const kind of kinds) {
    const items = (await listKind(api, kind, labelSelector)) ?? [];
    found.push(...items.map(item => describeObject(item, kind.kind)));
  }
  return found;
}
