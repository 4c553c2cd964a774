import type { InjectedFault } from '../kubernetes/faults';
import {
  parseInitialData,
  type InitialData,
  type InitialDataDeclaration,
} from './initialData';
import {
  resolveTierSizing,
  type ResourceTier,
  type TierSizing,
  type TierSizingOverrides,
} from './sizing';

/** The container images a tenant runs. @public */
export const TENANT_IMAGES = [
  'postgres',
  'redis',
  'kafka',
  'tenant-config',
  'ai-engine',
  'agents',
  'bi-platform',
  'ml-platform',
  'data-platform',
  'context-graph',
  'query-engine',
  'metrics-collector',
  'log-collector',
] as const;

/** @public */
export type TenantImage = (typeof TENANT_IMAGES)[number];

/** Images of the platform's own services, pulled from the platform registry. */
const PLATFORM_IMAGES: readonly TenantImage[] = [
  'tenant-config',
  'ai-engine',
  'agents',
  'bi-platform',
  'ml-platform',
  'data-platform',
  'context-graph',
  'query-engine',
];

const THIRD_PARTY_IMAGES: Partial<Record<TenantImage, string>> = {
  postgres: 'docker.io/library/postgres:16.4',
  redis: 'docker.io/library/redis:7.4',
  kafka: 'docker.io/apache/kafka:3.9.0',
  'metrics-collector': 'docker.io/otel/opentelemetry-collector-contrib:0.111.0',
  'log-collector': 'docker.io/otel/opentelemetry-collector-contrib:0.111.0',
};

/**
 * Everything besides the tenant spec that rendering depends on. Build it with
 * {@link createRenderContext} so that unset options get their defaults.
 *
 * @public
 */
export interface RenderContext {
  /** Tenants are served at `<slug>.<baseDomain>`. */
  baseDomain: string;
  /** cert-manager ClusterIssuer that signs the tenant's TLS certificate. */
  clusterIssuer: string;
  /** Target of the tenant's DNS record: the ingress load balancer's IP address. */
  ingressTarget: string;
  /** Namespace of the NGINX ingress controller, allowed through the tenant's network policies. */
  ingressControllerNamespace: string;
  /** Full image reference of every image a tenant runs. */
  images: Record<TenantImage, string>;
  sizing: Record<ResourceTier, TierSizing>;
  /** StorageClass of the data stores' volumes; unset uses the cluster's default class. */
  storageClassName?: string;
  /** CRDs the cluster serves (`<plural>.<group>`), enabling optional objects such as ServiceMonitors. */
  availableCrds: readonly string[];
  /** Faults to inject into workloads by name, for failure tests on the local cluster. */
  injectedFaults: Readonly<Record<string, InjectedFault>>;
  /** Databases, topics and Redis users the data-infrastructure phase sets up; unset: none. */
  initialData?: InitialData;
}

/** @public */
export interface RenderContextOptions {
  baseDomain?: string;
  clusterIssuer?: string;
  ingressTarget?: string;
  ingressControllerNamespace?: string;
  /** Registry of the platform's own images; default `registry.tenants.dev/platform`. */
  imageRegistry?: string;
  /** Tag of the platform's own images; default `1.0.0`. */
  imageTag?: string;
  /** Full image references replacing individual defaults. */
  images?: Partial<Record<TenantImage, string>>;
  sizing?: Partial<Record<ResourceTier, TierSizingOverrides>>;
  storageClassName?: string;
  availableCrds?: readonly string[];
  injectedFaults?: Readonly<Record<string, InjectedFault>>;
  /** Validated here; an invalid declaration throws an `InitialDataError`. */
  initialData?: InitialDataDeclaration;
}

/** @public */
export const DEFAULT_BASE_DOMAIN = 'tenants.localhost';
/** @public */
export const DEFAULT_CLUSTER_ISSUER = 'tenant-platform-ca';
/** @public */
export const DEFAULT_INGRESS_TARGET = '127.0.0.1';
/** @public */
export const DEFAULT_INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';
/** @public */
export const DEFAULT_IMAGE_REGISTRY = 'registry.tenants.dev/platform';
/** @public */
export const DEFAULT_IMAGE_TAG = '1.0.0';

/** A render context with defaults for every option not given. @public */
export function createRenderContext(
  options: RenderContextOptions = {},
): RenderContext {
  const initialData = parseInitialData(options.initialData);
  const registry = options.imageRegistry ?? DEFAULT_IMAGE_REGISTRY;
  const tag = options.imageTag ?? DEFAULT_IMAGE_TAG;
  const defaultImages = Object.fromEntries(
    TENANT_IMAGES.map(image => [
      image,
      PLATFORM_IMAGES.includes(image)
        ? `${registry}/${image}:${tag}`
        : THIRD_PARTY_IMAGES[image],
    ]),
  ) as Record<TenantImage, string>;

  return {
    baseDomain: options.baseDomain ?? DEFAULT_BASE_DOMAIN,
    clusterIssuer: options.clusterIssuer ?? DEFAULT_CLUSTER_ISSUER,
    ingressTarget: options.ingressTarget ?? DEFAULT_INGRESS_TARGET,
    ingressControllerNamespace:
      options.ingressControllerNamespace ??
      DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
    images: { ...defaultImages, ...options.images },
    sizing: resolveTierSizing(options.sizing),
    ...(options.storageClassName
      ? { storageClassName: options.storageClassName }
      : {}),
    availableCrds: options.availableCrds ?? [],
    injectedFaults: options.injectedFaults ?? {},
    ...(initialData ? { initialData } : {}),
  };
}
