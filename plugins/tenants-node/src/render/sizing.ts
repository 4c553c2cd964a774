import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';

/** Resource tier of a tenant: small, medium or large. @public */
export type ResourceTier = TenantSpec['infrastructure']['resourceTier'];

/** CPU and memory as Kubernetes quantities, e.g. `{ cpu: '500m', memory: '1Gi' }`. @public */
export interface ComputeQuantities {
  cpu: string;
  memory: string;
}

/** Requests and limits of one container. @public */
export interface ContainerSizing {
  requests: ComputeQuantities;
  limits: ComputeQuantities;
}

/** Sizing of the tenant's stateful services: container resources and volume size. @public */
export interface StatefulSizing extends ContainerSizing {
  storage: string;
}

/**
 * Everything that grows with a tenant's resource tier. The quota must leave
 * room for every workload of a tenant with all modules enabled plus one
 * extra pod of a rolling update.
 *
 * @public
 */
export interface TierSizing {
  quota: {
    requests: ComputeQuantities;
    limits: ComputeQuantities;
    pods: number;
    persistentVolumeClaims: number;
    storage: string;
  };
  /** Applied to containers that do not state their own resources. */
  limitRange: {
    defaultRequest: ComputeQuantities;
    default: ComputeQuantities;
    max: ComputeQuantities;
  };
  replicas: {
    controlPlane: number;
    dataPlane: number;
    /** Kafka brokers; each is also a KRaft controller. */
    kafka: number;
  };
  postgres: StatefulSizing;
  redis: StatefulSizing;
  kafka: StatefulSizing;
  controlPlane: ContainerSizing;
  /** Each data-plane service (per replica). */
  dataPlane: ContainerSizing;
  /** Each observability collector. */
  observability: ContainerSizing;
}

const compute = (cpu: string, memory: string): ComputeQuantities => ({
  cpu,
  memory,
});

/** @public */
export const defaultTierSizing: Readonly<Record<ResourceTier, TierSizing>> = {
  small: {
    quota: {
      requests: compute('4', '8Gi'),
      limits: compute('16', '16Gi'),
      pods: 20,
      persistentVolumeClaims: 5,
      storage: '50Gi',
    },
    limitRange: {
      defaultRequest: compute('100m', '128Mi'),
      default: compute('500m', '512Mi'),
      max: compute('1', '2Gi'),
    },
    replicas: { controlPlane: 1, dataPlane: 1, kafka: 1 },
    postgres: {
      requests: compute('250m', '512Mi'),
      limits: compute('1', '1Gi'),
      storage: '10Gi',
    },
    redis: {
      requests: compute('100m', '128Mi'),
      limits: compute('500m', '256Mi'),
      storage: '2Gi',
    },
    kafka: {
      requests: compute('250m', '1Gi'),
      limits: compute('1', '2Gi'),
      storage: '10Gi',
    },
    controlPlane: {
      requests: compute('100m', '256Mi'),
      limits: compute('500m', '512Mi'),
    },
    dataPlane: {
      requests: compute('250m', '512Mi'),
      limits: compute('1', '1Gi'),
    },
    observability: {
      requests: compute('50m', '128Mi'),
      limits: compute('200m', '256Mi'),
    },
  },
  medium: {
    quota: {
      requests: compute('12', '24Gi'),
      limits: compute('48', '48Gi'),
      pods: 40,
      persistentVolumeClaims: 10,
      storage: '200Gi',
    },
    limitRange: {
      defaultRequest: compute('100m', '256Mi'),
      default: compute('1', '1Gi'),
      max: compute('2', '4Gi'),
    },
    replicas: { controlPlane: 2, dataPlane: 2, kafka: 1 },
    postgres: {
      requests: compute('500m', '1Gi'),
      limits: compute('2', '2Gi'),
      storage: '50Gi',
    },
    redis: {
      requests: compute('250m', '256Mi'),
      limits: compute('1', '512Mi'),
      storage: '5Gi',
    },
    kafka: {
      requests: compute('500m', '2Gi'),
      limits: compute('2', '4Gi'),
      storage: '50Gi',
    },
    controlPlane: {
      requests: compute('250m', '512Mi'),
      limits: compute('1', '1Gi'),
    },
    dataPlane: {
      requests: compute('500m', '1Gi'),
      limits: compute('2', '2Gi'),
    },
    observability: {
      requests: compute('100m', '256Mi'),
      limits: compute('500m', '512Mi'),
    },
  },
  large: {
    quota: {
      requests: compute('32', '80Gi'),
      limits: compute('128', '160Gi'),
      pods: 60,
      persistentVolumeClaims: 20,
      storage: '1Ti',
    },
    limitRange: {
      defaultRequest: compute('250m', '512Mi'),
      default: compute('2', '2Gi'),
      max: compute('4', '8Gi'),
    },
    replicas: { controlPlane: 3, dataPlane: 3, kafka: 3 },
    postgres: {
      requests: compute('1', '4Gi'),
      limits: compute('4', '8Gi'),
      storage: '200Gi',
    },
    redis: {
      requests: compute('500m', '1Gi'),
      limits: compute('2', '2Gi'),
      storage: '20Gi',
    },
    kafka: {
      requests: compute('1', '4Gi'),
      limits: compute('4', '8Gi'),
      storage: '200Gi',
    },
    controlPlane: {
      requests: compute('500m', '1Gi'),
      limits: compute('2', '2Gi'),
    },
    dataPlane: {
      requests: compute('1', '2Gi'),
      limits: compute('4', '4Gi'),
    },
    observability: {
      requests: compute('250m', '512Mi'),
      limits: compute('1', '1Gi'),
    },
  },
};

/** `T` with every field optional, at every depth. @public */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** Partial overrides of a tier's sizing; unspecified fields keep their defaults. @public */
export type TierSizingOverrides = DeepPartial<TierSizing>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeDeep<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) {
    return (overrides === undefined ? base : overrides) as T;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = mergeDeep(merged[key], value);
  }
  return merged as T;
}

/** The default sizing of every tier with the given overrides applied. @public */
export function resolveTierSizing(
  overrides: Partial<Record<ResourceTier, TierSizingOverrides>> = {},
): Record<ResourceTier, TierSizing> {
  return {
    small: mergeDeep(defaultTierSizing.small, overrides.small),
    medium: mergeDeep(defaultTierSizing.medium, overrides.medium),
    large: mergeDeep(defaultTierSizing.large, overrides.large),
  };
}
