import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { waitForObjects } from './waitForObjects';

/** Identifies one object to watch. @public */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** @public */
export interface WaitForObjectOptions<T extends KubernetesObject> {
  /** Decides from the latest state (undefined once the object is gone) whether the wait is over. */
  until: (obj: T | undefined) => boolean;
  /** Called on every observed state, for progress logging. */
  onChange?: (obj: T | undefined) => void;
  /** Deadline for the whole wait; the error then names the last observed state. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Describes the last observed state for the timeout error. */
  describe?: (obj: T | undefined) => string;
}

/**
 * Waits for one object to reach a state, by watching it (see waitForObjects).
 *
 * @public
 */
export async function waitForObject<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  ref: ObjectReference,
  options: WaitForObjectOptions<T>,
): Promise<T | undefined> {
  const describe = options.describe ?? (obj => (obj ? 'present' : 'absent'));
  const objects = await waitForObjects<T>(
    kubeConfig,
    {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      namespace: ref.namespace,
      fieldSelector: `metadata.name=${ref.name}`,
    },
    {
      until: items => options.until(items[0]),
      onChange: options.onChange && (items => options.onChange!(items[0])),
      describe: items =>
        `${ref.kind.toLowerCase()}/${ref.name}: ${describe(items[0])}`,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    },
  );
  return objects[0];
}
