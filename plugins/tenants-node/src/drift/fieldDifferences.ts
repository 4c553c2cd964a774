import type { KubernetesObject } from '@kubernetes/client-node';
import { parseQuantity } from '../changes/quantity';

/** A field whose live value is not the one the tenant's render sets. */
export interface FieldDifference {
  /** e.g. `spec.replicas`, `spec.template.spec.containers[name=api].image` */
  path: string;
  live: unknown;
  desired: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNamed = (value: unknown): value is { name: string } =>
  isObject(value) && typeof value.name === 'string';

/**
 * The value of a Kubernetes quantity (`500m`, `1Gi`, `2`), or undefined for
 * anything else. The API server stores quantities in a canonical form
 * (`1000m` becomes `1`), so they are compared by value.
 */
function quantityValue(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

function sameValue(live: unknown, desired: unknown): boolean {
  if (live === desired) return true;
  const liveQuantity = quantityValue(live);
  const desiredQuantity = quantityValue(desired);
  return (
    liveQuantity !== undefined &&
    desiredQuantity !== undefined &&
    Math.abs(liveQuantity - desiredQuantity) <=
      1e-9 * Math.max(1, Math.abs(desiredQuantity))
  );
}

/**
 * Compares `live` with `desired` at the paths `desired` sets: fields only
 * the cluster sets (defaults, status, a controller's annotations) do not
 * count. Lists of named items (containers, env, ports, volumes) are compared
 * item by item by name, and live items `desired` does not name are left to
 * whoever added them; other lists must have the same length and match item
 * by item.
 */
function compare(
  path: string,
  live: unknown,
  desired: unknown,
  out: FieldDifference[],
) {
  if (isObject(desired)) {
    if (!isObject(live)) {
      out.push({ path, live, desired });
      return;
    }
    for (const key of Object.keys(desired)) {
      compare(path ? `${path}.${key}` : key, live[key], desired[key], out);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      out.push({ path, live, desired });
      return;
    }
    if (desired.length > 0 && desired.every(isNamed)) {
      for (const item of desired) {
        const match = live.find(l => isNamed(l) && l.name === item.name);
        compare(`${path}[name=${item.name}]`, match, item, out);
      }
      return;
    }
    if (live.length !== desired.length) {
      out.push({ path, live, desired });
      return;
    }
    desired.forEach((item, index) =>
      compare(`${path}[${index}]`, live[index], item, out),
    );
    return;
  }
  if (desired !== undefined && !sameValue(live, desired)) {
    out.push({ path, live, desired });
  }
}

/**
 * The fields of `live` that differ from the ones `desired` sets: its labels,
 * annotations and everything outside `metadata` and `status`.
 */
export function fieldDifferences(
  live: KubernetesObject,
  desired: KubernetesObject,
): FieldDifference[] {
  const { metadata, status, ...rest } = desired as KubernetesObject & {
    status?: unknown;
  };
  const out: FieldDifference[] = [];
  compare(
    'metadata.labels',
    live.metadata?.labels ?? {},
    metadata?.labels,
    out,
  );
  compare(
    'metadata.annotations',
    live.metadata?.annotations ?? {},
    metadata?.annotations,
    out,
  );
  compare('', live, rest, out);
  return out;
}
