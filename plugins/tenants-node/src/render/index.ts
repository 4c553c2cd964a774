export {
  FIELD_MANAGER,
  MANAGED_BY_LABEL,
  TENANT_LABEL,
  PHASE_LABEL,
  APP_NAME_LABEL,
  tenantNamespaceName,
  tenantLabels,
  namespaceLabels,
  tenantSelector,
  toLabelValue,
} from './labels';
export { boundedDnsLabel, tenantHost } from './names';
export { defaultTierSizing, resolveTierSizing } from './sizing';
export type {
  ResourceTier,
  ComputeQuantities,
  DeepPartial,
  ContainerSizing,
  StatefulSizing,
  TierSizing,
  TierSizingOverrides,
} from './sizing';
export {
  createRenderContext,
  TENANT_IMAGES,
  DEFAULT_BASE_DOMAIN,
  DEFAULT_CLUSTER_ISSUER,
  DEFAULT_INGRESS_TARGET,
  DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
  DEFAULT_IMAGE_REGISTRY,
  DEFAULT_IMAGE_TAG,
} from './context';
export { renderContextFromConfig } from './contextFromConfig';
export type {
  RenderContext,
  RenderContextOptions,
  TenantImage,
} from './context';
export {
  NODE_POOL_LABEL,
  DEDICATED_TAINT_KEY,
  GPU_RESOURCE,
  podPlacement,
} from './placement';
export {
  POSTGRES_CREDENTIALS_SECRET,
  REDIS_CREDENTIALS_SECRET,
  KAFKA_CREDENTIALS_SECRET,
  API_KEYS_SECRET,
  REDIS_USERS_SECRET,
  SECRET_KEYS_ANNOTATION,
  dataSourceSecretName,
  secretRequirements,
  renderSecretsPhase,
  renderSecrets,
} from './secrets';
export type { SecretRequirement, SecretValues } from './secrets';
export { renderNamespacePhase, TENANT_ADMIN } from './renderNamespacePhase';
export { renderDataInfrastructurePhase } from './renderDataInfrastructurePhase';
export {
  renderDataSetupJobs,
  isDataSetupJob,
  DATA_SETUP_ANNOTATION,
  DATA_SETUP_SELECTOR,
  DATA_SETUP_WORKLOADS,
} from './renderDataSetupJobs';
export { parseInitialData, InitialDataError } from './initialData';
export type {
  InitialData,
  InitialDataDeclaration,
  InitialDatabase,
  InitialRedisUser,
  InitialTopic,
} from './initialData';
export {
  renderControlPlanePhase,
  CONFIG_CHECKSUM_ANNOTATION,
} from './renderControlPlanePhase';
export {
  renderDataPlanePhase,
  DATA_PLANE_SERVICES,
  enabledDataPlaneServices,
} from './renderDataPlanePhase';
export type { DataPlaneService } from './renderDataPlanePhase';
export {
  renderIngressPhase,
  INGRESS_CLASS,
  INGRESS_ROUTES,
  TENANT_TLS_SECRET,
  WHITELIST_SOURCE_RANGE_ANNOTATION,
} from './renderIngressPhase';
export { renderObservabilityPhase } from './renderObservabilityPhase';
export {
  REQUIRED_CRDS_BY_PHASE,
  CERTIFICATES_CRD,
  DNS_ENDPOINTS_CRD,
  SERVICE_MONITORS_CRD,
} from './requiredCrds';
export type {
  Certificate,
  DNSEndpoint,
  ServiceMonitor,
} from './customResources';
export { APPLY_PHASES } from './applyPhases';
export type { ApplyPhaseId } from './applyPhases';
export {
  PHASE_RENDERERS,
  renderPhase,
  renderAllPhases,
  renderValidationPhase,
} from './renderPhase';
export type { PhaseRenderer, RenderedPhase } from './renderPhase';
export { expectedWorkloads, WORKLOAD_KINDS } from './expectedWorkloads';
export type { ExpectedWorkload } from './expectedWorkloads';
export { PlatformVersions } from './platformVersions';
export type { PlatformVersionDefinition } from './platformVersions';
