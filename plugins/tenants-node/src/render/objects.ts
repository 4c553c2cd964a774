import type {
  V1ConfigMap,
  V1Deployment,
  V1ObjectMeta,
  V1PodTemplateSpec,
  V1Service,
  V1ServicePort,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type {
  PhaseId,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { APP_NAME_LABEL, tenantLabels, tenantNamespaceName } from './labels';
import { selectorLabels } from './podTemplate';

/** Metadata of a namespaced tenant object: name, tenant namespace and tenant labels. */
export function objectMeta(
  spec: TenantSpec,
  phase: PhaseId,
  name: string,
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } = {},
): V1ObjectMeta {
  return {
    name,
    namespace: tenantNamespaceName(spec.details.slug),
    labels: { ...tenantLabels(spec.details.slug, phase), ...extra.labels },
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
  };
}

/** A named TCP port of a Service. */
export function tcpPort(name: string, port: number): V1ServicePort {
  return { name, port, targetPort: name, protocol: 'TCP' };
}

export function configMap(
  spec: TenantSpec,
  phase: PhaseId,
  name: string,
  data: Record<string, string>,
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(spec, phase, name),
    data,
  };
}

export function deployment(
  spec: TenantSpec,
  options: {
    name: string;
    phase: PhaseId;
    replicas: number;
    template: V1PodTemplateSpec;
  },
): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(spec, options.phase, options.name, {
      labels: { [APP_NAME_LABEL]: options.name },
    }),
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: selectorLabels(options.name) },
      template: options.template,
    },
  };
}

export function statefulSet(
  spec: TenantSpec,
  options: {
    name: string;
    phase: PhaseId;
    replicas: number;
    /** The headless Service giving each pod a stable DNS name. */
    serviceName: string;
    template: V1PodTemplateSpec;
    volumeClaim: {
      name: string;
      storage: string;
      storageClassName?: string;
    };
    /** Start all pods at once, e.g. for a quorum that needs its peers to come up. */
    parallel?: boolean;
  },
): V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(spec, options.phase, options.name, {
      labels: { [APP_NAME_LABEL]: options.name },
    }),
    spec: {
      replicas: options.replicas,
      serviceName: options.serviceName,
      ...(options.parallel ? { podManagementPolicy: 'Parallel' } : {}),
      selector: { matchLabels: selectorLabels(options.name) },
      template: options.template,
      volumeClaimTemplates: [
        {
          metadata: {
            name: options.volumeClaim.name,
            labels: tenantLabels(spec.details.slug, options.phase),
          },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(options.volumeClaim.storageClassName
              ? { storageClassName: options.volumeClaim.storageClassName }
              : {}),
            resources: { requests: { storage: options.volumeClaim.storage } },
          },
        },
      ],
    },
  };
}

/** A ClusterIP Service in front of a workload's pods; headless ones also publish pods that are not ready yet. */
export function service(
  spec: TenantSpec,
  options: {
    name: string;
    phase: PhaseId;
    app: string;
    ports: V1ServicePort[];
    headless?: boolean;
  },
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(spec, options.phase, options.name, {
      labels: { [APP_NAME_LABEL]: options.app },
    }),
    spec: {
      ...(options.headless
        ? { clusterIP: 'None', publishNotReadyAddresses: true }
        : { type: 'ClusterIP' }),
      selector: selectorLabels(options.app),
      ports: options.ports,
    },
  };
}
