import type { V1PodSpec } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';

/** Node label naming the pool a node belongs to: general, dedicated or gpu. @public */
export const NODE_POOL_LABEL = 'tenants.dev/pool';
/** Taint key keeping other workloads off the dedicated pool. @public */
export const DEDICATED_TAINT_KEY = 'tenants.dev/dedicated';
/** Taint key and extended resource name of GPU nodes. @public */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Where a pod runs: GPU workloads on the gpu pool; with dedicated compute, everything else on the dedicated pool. @public */
export function podPlacement(
  spec: TenantSpec,
  options: { gpu?: boolean } = {},
): Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> {
  if (options.gpu) {
    return {
      nodeSelector: { [NODE_POOL_LABEL]: 'gpu' },
      tolerations: [
        {
          key: GPU_RESOURCE,
          operator: 'Equal',
          value: 'true',
          effect: 'NoSchedule',
        },
      ],
    };
  }
  if (spec.infrastructure.dedicatedCompute) {
    return {
      nodeSelector: { [NODE_POOL_LABEL]: 'dedicated' },
      tolerations: [
        {
          key: DEDICATED_TAINT_KEY,
          operator: 'Equal',
          value: 'true',
          effect: 'NoSchedule',
        },
      ],
    };
  }
  return {};
}
