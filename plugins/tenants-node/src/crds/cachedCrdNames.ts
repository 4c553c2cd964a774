import type { KubeConfig } from '@kubernetes/client-node';
import { clusterUserKey } from '../kubernetes/clusterUserKey';
import { listCrdNames } from './listCrdNames';

const CRD_NAMES_TTL_MS = 30_000;

const cache = new Map<
  string,
  { names: Promise<string[]>; expiresAt: number }
>();

/**
 * Names of the cluster's CustomResourceDefinitions, listed at most once per
 * 30 s for all phases on the same cluster and user. A cached list that
 * `isEnough` rejects (a needed CRD is missing) is listed again, so that a CRD
 * installed a moment ago is found.
 *
 * @public
 */
export async function cachedCrdNames(
  kubeConfig: KubeConfig,
  isEnough: (names: string[]) => boolean = () => true,
): Promise<string[]> {
  const key = clusterUserKey(kubeConfig);
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) {
    const names = await cached.names.catch(() => undefined);
    if (names && isEnough(names)) return names;
  }
  const names = listCrdNames(kubeConfig);
  cache.set(key, { names, expiresAt: Date.now() + CRD_NAMES_TTL_MS });
  try {
    return await names;
  } catch (error) {
    if (cache.get(key)?.names === names) cache.delete(key);
    throw error;
  }
}
