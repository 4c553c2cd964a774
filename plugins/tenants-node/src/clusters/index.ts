export { ClusterRegistry, NEAREST_REGION } from './ClusterRegistry';
export type {
  ClusterRegistryOptions,
  ClusterSelection,
  ProviderPlacement,
  ClusterReachability,
  TenantCluster,
} from './ClusterRegistry';
export type { ClusterConnection } from './readClusterConfig';
export {
  chooseNearest,
  DEFAULT_ROUND_TRIP_CACHE_TTL_MS,
  DEFAULT_ROUND_TRIP_TIMEOUT_MS,
  NearestClusterResolver,
} from './NearestClusterResolver';
export type {
  MeasureRoundTrip,
  NearestCluster,
  NearestClusterResolverOptions,
} from './NearestClusterResolver';
export { measureApiRoundTrip } from './measureApiRoundTrip';
