import type { KubernetesObject } from '@kubernetes/client-node';

/** A workload that must become Current by kstatus. @public */
export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
}

/** The Deployments and StatefulSets among objects about to be applied. @public */
export function expectedWorkloadsOf(
  objects: KubernetesObject[],
): WorkloadRef[] {
  return objects
    .filter(o => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map(o => ({
      kind: o.kind as WorkloadRef['kind'],
      name: o.metadata!.name!,
    }));
}
