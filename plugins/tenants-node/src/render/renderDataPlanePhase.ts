import type { KubernetesObject } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext, TenantImage } from './context';
import {
  HTTP_PORT,
  QUERY_ENGINE_SERVICE,
  TENANT_CONFIG_SERVICE,
} from './endpoints';
import { boundedDnsLabel } from './names';
import { plainEnv } from './podTemplate';
import { platformServiceEnv } from './platformEnv';
import { dataSourceSecretName } from './secrets';
import { serviceWorkload } from './serviceWorkload';

const PHASE = 'data-plane';

/** @public */
export interface DataPlaneService {
  name: TenantImage;
  /** The module that enables it; services without one always run. */
  module?: keyof TenantSpec['modules'];
  /** Gets a GPU when the tenant has GPUs enabled. */
  usesGpu?: boolean;
  /** Reads the tenant's data source connections. */
  readsDataSources?: boolean;
}

/** The data-plane services and the modules that enable them. @public */
export const DATA_PLANE_SERVICES: readonly DataPlaneService[] = [
  { name: 'ai-engine', module: 'core' },
  { name: 'agents', module: 'core' },
  { name: 'bi-platform', module: 'bi' },
  { name: 'ml-platform', module: 'ml', usesGpu: true },
  { name: 'data-platform', module: 'dataPlatform', readsDataSources: true },
  { name: 'context-graph', module: 'contextGraph' },
  { name: QUERY_ENGINE_SERVICE, readsDataSources: true },
];

/** The data-plane services a tenant runs with its modules. @public */
export function enabledDataPlaneServices(spec: TenantSpec): DataPlaneService[] {
  return DATA_PLANE_SERVICES.filter(
    s => s.module === undefined || spec.modules[s.module],
  );
}

/** Each data source's Secret, mounted read-only at `/etc/datasources/<name>`. */
function dataSourceMounts(spec: TenantSpec) {
  const sources = spec.dataSources.map(source => ({
    volume: boundedDnsLabel(`ds-${source.name}`),
    secretName: dataSourceSecretName(source.name),
    path: `/etc/datasources/${source.name}`,
  }));
  return {
    volumes: sources.map(s => ({
      name: s.volume,
      secret: { secretName: s.secretName },
    })),
    volumeMounts: sources.map(s => ({
      name: s.volume,
      mountPath: s.path,
      readOnly: true,
    })),
  };
}

/**
 * Phase 5: a Deployment and Service for each enabled module's services and
 * the query engine.
 *
 * @public
 */
export function renderDataPlanePhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  const sizing = ctx.sizing[spec.infrastructure.resourceTier];
  const env = [
    ...platformServiceEnv(spec),
    plainEnv(
      'TENANT_CONFIG_URL',
      `http://${TENANT_CONFIG_SERVICE}:${HTTP_PORT}`,
    ),
  ];
  const mounts = dataSourceMounts(spec);
  return enabledDataPlaneServices(spec).flatMap(s =>
    serviceWorkload(spec, ctx, {
      name: s.name,
      phase: PHASE,
      image: s.name,
      replicas: sizing.replicas.dataPlane,
      sizing: sizing.dataPlane,
      env,
      gpu: Boolean(s.usesGpu && spec.infrastructure.gpuEnabled),
      ...(s.readsDataSources && spec.dataSources.length > 0 ? mounts : {}),
    }),
  );
}
