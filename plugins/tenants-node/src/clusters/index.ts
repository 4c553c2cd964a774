export { ClusterRegistry, NEAREST_REGION } from './ClusterRegistry';
export type { TenantCluster } from './ClusterRegistry';
