import type { KubernetesObject } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';

/** What server-side apply did to an object. @public */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** What the API server answered to a server-side apply. */
export interface ApplyAnswer {
  object: KubernetesObject;
  /** HTTP 201: the apply created the object. */
  created: boolean;
  /** The answer's `Date` header (the API server's clock), in ms; NaN when absent. */
  answeredAt: number;
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

/** The outcome of a dry-run apply, against the stored object read before it. */
export function dryRunOutcome(
  existing: KubernetesObject | undefined,
  applied: KubernetesObject,
): ApplyOutcome {
  if (!existing) return 'created';
  return managedContent(existing) === managedContent(applied)
    ? 'unchanged'
    : 'configured';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date);

/** `actual` cut to the keys of `desired`, object by object; arrays and values whole. */
function projectOnto(actual: unknown, desired: unknown): unknown {
  if (!isPlainObject(desired) || !isPlainObject(actual)) return actual;
  return Object.fromEntries(
    Object.keys(desired)
      .sort()
      .map(key => [key, projectOnto(actual[key], desired[key])]),
  );
}

/**
 * A digest of what an apply of `desired` sets in the stored object `applied`:
 * the stored values at the paths `desired` gives (a Secret's `data` whole, as
 * `stringData` is stored there). Fields that others keep (status, a
 * controller's annotations, defaults outside those paths) do not count. A
 * digest, so that no Secret value is kept in memory.
 */
export function appliedContent(
  applied: KubernetesObject,
  desired: KubernetesObject,
): string {
  const shape =
    'stringData' in desired ? { ...desired, data: undefined } : desired;
  return createHash('sha256')
    .update(JSON.stringify(projectOnto(applied, shape)) ?? '')
    .digest('hex');
}

/** When `fieldManager` last changed the object by an apply, in ms (whole seconds); undefined if never. */
function lastAppliedAt(
  obj: KubernetesObject,
  fieldManager: string,
): number | undefined {
  const entry = obj.metadata?.managedFields?.find(
    f => f.manager === fieldManager && f.operation === 'Apply',
  );
  return entry?.time ? new Date(entry.time).getTime() : undefined;
}

/** What this process saw after it last applied an object. */
export interface LastApplied {
  /** {@link appliedContent} of the answer. */
  content: string;
  /** The field manager's apply time in the answer (ms, whole seconds). */
  appliedAt?: number;
}

/** What to remember of an apply's answer for the next apply of the same object. */
export function lastAppliedOf(
  answer: ApplyAnswer,
  desired: KubernetesObject,
  fieldManager: string,
): LastApplied {
  return {
    content: appliedContent(answer.object, desired),
    appliedAt: lastAppliedAt(answer.object, fieldManager),
  };
}

/**
 * The outcome of an apply from its answer alone, without reading the object
 * first. The API server answers 201 when the apply created the object. An
 * apply that changes something moves the field manager's time in
 * managedFields to its own moment (whole seconds, the API server's clock).
 *
 * When this process applied the object before (`last`), the apply configured
 * it if what it sets differs from then, or if the manager's time moved (it
 * put back fields someone else had changed); otherwise it left it unchanged.
 * Otherwise the manager's time is compared with the answer's Date header:
 * a change within the second before the answer counts as this apply's.
 */
export function appliedOutcome(
  answer: ApplyAnswer,
  desired: KubernetesObject,
  fieldManager: string,
  last?: LastApplied,
): ApplyOutcome {
  if (answer.created) return 'created';
  const appliedAt = lastAppliedAt(answer.object, fieldManager);
  if (last) {
    const changed =
      last.content !== appliedContent(answer.object, desired) ||
      (appliedAt ?? 0) > (last.appliedAt ?? 0);
    return changed ? 'configured' : 'unchanged';
  }
  if (appliedAt === undefined || Number.isNaN(answer.answeredAt)) {
    return 'configured';
  }
  return appliedAt >= Math.floor(answer.answeredAt / 1000) * 1000 - 1000
    ? 'configured'
    : 'unchanged';
}

/**
 * What this process last applied to each object ({@link LastApplied}), by
 * cluster and object. Bounded: the oldest entries go first.
 */
export class LastAppliedCache {
  private readonly entries = new Map<string, LastApplied>();

  constructor(private readonly maxEntries = 20_000) {}

  get(key: string): LastApplied | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: LastApplied) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
