import type { KubernetesObject } from '@kubernetes/client-node';

/** A workload that must become Current by kstatus (a Job: complete). @public */
export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet' | 'Job';
  name: string;
  /**
   * The object that an apply answered: until a watch shows this object, what
   * it shows is an object of the same name deleted since, and is not judged.
   */
  uid?: string;
  /**
   * The generation that an apply answered: until a watch shows this one or a
   * later one, what it shows is from before the apply, and is not judged.
   */
  generation?: number;
}

const KINDS: ReadonlyArray<string> = ['Deployment', 'StatefulSet', 'Job'];

/**
 * The Deployments, StatefulSets and Jobs among objects about to be applied,
 * or just applied (the API server's answers, which carry their generation).
 *
 * @public
 */
export function expectedWorkloadsOf(
  objects: KubernetesObject[],
): WorkloadRef[] {
  return objects
    .filter(o => KINDS.includes(o.kind ?? ''))
    .map(o => ({
      kind: o.kind as WorkloadRef['kind'],
      name: o.metadata!.name!,
      ...(o.metadata?.uid ? { uid: o.metadata.uid } : {}),
      ...(o.metadata?.generation ? { generation: o.metadata.generation } : {}),
    }));
}
