/**
 * A stand-in for `applyObjects` that answers every object as created, as the
 * API server would (its answer is what the readiness wait expects).
 */
export async function appliedAsCreated(
  _kubeConfig: unknown,
  objects: Array<{ kind?: string; metadata?: { name?: string } }>,
) {
  return objects.map(object => ({
    ref: `${object.kind?.toLowerCase()}/${object.metadata?.name}`,
    outcome: 'created' as const,
    object,
  }));
}
