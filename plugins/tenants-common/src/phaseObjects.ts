import type { PhaseId } from './phases';

/**
 * The kinds of Kubernetes object each provisioning phase creates in the
 * tenant's namespace (the namespace phase also creates the Namespace itself),
 * in the order the phase renders them. Optional custom resources
 * (Certificate, DNSEndpoint, ServiceMonitor) are included: they are created
 * where the cluster serves them; so are the Jobs of the initial data setup,
 * created where config declares initial data.
 *
 * The frontend uses this to tell a user what a rollback deletes; the
 * rendering in `tenants-node` is tested to produce exactly these kinds.
 *
 * @public
 */
export const PHASE_OBJECT_KINDS: Readonly<Record<PhaseId, readonly string[]>> =
  {
    namespace: [
      'Namespace',
      'ResourceQuota',
      'LimitRange',
      'NetworkPolicy',
      'ServiceAccount',
      'Role',
      'RoleBinding',
    ],
    secrets: ['Secret'],
    'data-infrastructure': ['StatefulSet', 'Service', 'Job'],
    'control-plane': ['ConfigMap', 'Deployment', 'Service'],
    'data-plane': ['Deployment', 'Service'],
    ingress: ['Certificate', 'DNSEndpoint', 'Ingress'],
    observability: [
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'NetworkPolicy',
      'ConfigMap',
      'Deployment',
      'Service',
      'ServiceMonitor',
    ],
    validation: [],
  };

/**
 * Objects the data-infrastructure phase leaves behind without rendering them:
 * the PersistentVolumeClaims of its StatefulSets (with the tenant's labels).
 *
 * @public
 */
export const DATA_STORE_CLAIM_KIND = 'PersistentVolumeClaim';
