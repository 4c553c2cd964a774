import type {
  KubernetesObject,
  V1NetworkPolicy,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { checksumOf } from './checksum';
import type { RenderContext } from './context';
import type { ServiceMonitor } from './customResources';
import {
  LOG_COLLECTOR_SERVICE,
  METRICS_PORT,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
} from './endpoints';
import { tenantNamespaceName } from './labels';
import { configMap, objectMeta } from './objects';
import { selectorLabels } from './podTemplate';
import { SERVICE_MONITORS_CRD } from './requiredCrds';
import { serviceWorkload } from './serviceWorkload';

const PHASE = 'observability';

const METRICS_COLLECTOR = 'metrics-collector';
const HEALTH_PORT = 13133;
const CONFIG_PATH = '/etc/otelcol';

/** Scrapes the tenant's annotated pods, in its namespace only, and exposes them for Prometheus. */
function metricsCollectorConfig(namespace: string) {
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: {
      prometheus: {
        config: {
          scrape_configs: [
            {
              job_name: 'tenant-pods',
              kubernetes_sd_configs: [
                { role: 'pod', namespaces: { names: [namespace] } },
              ],
              relabel_configs: [
                {
                  source_labels: [
                    '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
                  ],
                  action: 'keep',
                  regex: 'true',
                },
              ],
            },
          ],
        },
      },
    },
    exporters: {
      prometheus: {
        endpoint: `0.0.0.0:${METRICS_PORT}`,
        const_labels: { tenant_namespace: namespace },
      },
    },
    service: {
      extensions: ['health_check'],
      pipelines: {
        metrics: { receivers: ['prometheus'], exporters: ['prometheus'] },
      },
    },
  };
}

/** Receives the tenant services' logs over OTLP and batches them. */
function logCollectorConfig(namespace: string) {
  return {
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
          http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
        },
      },
    },
    processors: {
      batch: {},
      resource: {
        attributes: [
          { key: 'tenant.namespace', value: namespace, action: 'upsert' },
        ],
      },
    },
    exporters: { debug: { verbosity: 'basic' } },
    service: {
      extensions: ['health_check'],
      pipelines: {
        logs: {
          receivers: ['otlp'],
          processors: ['resource', 'batch'],
          exporters: ['debug'],
        },
      },
    },
  };
}

/** A collector: its ConfigMap and its Deployment and Service, rolled when the configuration changes. */
function collector(
  spec: TenantSpec,
  ctx: RenderContext,
  options: {
    name: 'metrics-collector' | 'log-collector';
    config: object;
    ports: Array<{ name: string; port: number }>;
    serviceAccountName?: string;
  },
): KubernetesObject[] {
  const configName = `${options.name}-config`;
  // JSON is YAML, which the collector reads.
  const config = configMap(spec, PHASE, configName, {
    'config.yaml': JSON.stringify(options.config, null, 2),
  });
  return [
    config,
    ...serviceWorkload(spec, ctx, {
      name: options.name,
      phase: PHASE,
      image: options.name,
      replicas: 1,
      sizing: ctx.sizing[spec.infrastructure.resourceTier].observability,
      args: [`--config=${CONFIG_PATH}/config.yaml`],
      ports: options.ports,
      readinessProbe: {
        httpGet: { path: '/', port: HEALTH_PORT },
        periodSeconds: 10,
      },
      podAnnotations: { 'checksum/config': checksumOf(config.data) },
      serviceAccountName: options.serviceAccountName,
      volumes: [{ name: 'config', configMap: { name: configName } }],
      volumeMounts: [
        { name: 'config', mountPath: CONFIG_PATH, readOnly: true },
      ],
    }),
  ];
}

/** The metrics collector discovers pods through the Kubernetes API: read access in the namespace, and egress to the API server. */
function metricsCollectorAccess(spec: TenantSpec): KubernetesObject[] {
  const serviceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(spec, PHASE, METRICS_COLLECTOR),
  };
  const role: V1Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: objectMeta(spec, PHASE, METRICS_COLLECTOR),
    rules: [
      {
        apiGroups: [''],
        resources: ['pods', 'services', 'endpoints'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  };
  const roleBinding: V1RoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: objectMeta(spec, PHASE, METRICS_COLLECTOR),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: METRICS_COLLECTOR,
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: METRICS_COLLECTOR,
        namespace: tenantNamespaceName(spec.details.slug),
      },
    ],
  };
  const apiServerEgress: V1NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(spec, PHASE, 'allow-metrics-collector-apiserver'),
    spec: {
      podSelector: { matchLabels: selectorLabels(METRICS_COLLECTOR) },
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [
            { protocol: 'TCP', port: 443 },
            { protocol: 'TCP', port: 6443 },
          ],
        },
      ],
    },
  };
  return [serviceAccount, role, roleBinding, apiServerEgress];
}

function serviceMonitor(spec: TenantSpec): ServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: objectMeta(spec, PHASE, METRICS_COLLECTOR),
    spec: {
      selector: { matchLabels: selectorLabels(METRICS_COLLECTOR) },
      endpoints: [{ port: 'metrics', interval: '30s' }],
    },
  };
}

/**
 * Phase 6: the tenant's own metrics and log collectors (Deployments: the
 * nodes are shared, so a per-tenant DaemonSet would run on every node), and a
 * ServiceMonitor when the cluster runs the Prometheus operator.
 *
 * @public
 */
export function renderObservabilityPhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  const namespace = tenantNamespaceName(spec.details.slug);
  return [
    ...metricsCollectorAccess(spec),
    ...collector(spec, ctx, {
      name: METRICS_COLLECTOR,
      config: metricsCollectorConfig(namespace),
      ports: [{ name: 'metrics', port: METRICS_PORT }],
      serviceAccountName: METRICS_COLLECTOR,
    }),
    ...collector(spec, ctx, {
      name: LOG_COLLECTOR_SERVICE,
      config: logCollectorConfig(namespace),
      ports: [
        { name: 'otlp-grpc', port: OTLP_GRPC_PORT },
        { name: 'otlp-http', port: OTLP_HTTP_PORT },
      ],
    }),
    ...(ctx.availableCrds.includes(SERVICE_MONITORS_CRD)
      ? [serviceMonitor(spec)]
      : []),
  ];
}
