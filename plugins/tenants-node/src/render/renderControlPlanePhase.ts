import type { KubernetesObject } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import { checksumOf } from './checksum';
import type { RenderContext } from './context';
import { TENANT_CONFIG_SERVICE } from './endpoints';
import { configMap } from './objects';
import { platformServiceEnv } from './platformEnv';
import { dataSourceSecretName } from './secrets';
import { serviceWorkload } from './serviceWorkload';

const PHASE = 'control-plane';

/** Pod annotation holding the configuration's checksum, so a changed configuration rolls the pods. @public */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** The tenant configuration the control plane serves; names Secrets, never holds their values. */
function tenantConfiguration(spec: TenantSpec) {
  return {
    tenant: {
      name: spec.details.name,
      slug: spec.details.slug,
      billingTier: spec.details.billingTier,
    },
    modules: Object.entries(spec.modules)
      .filter(([, enabled]) => enabled)
      .map(([module]) => module),
    security: {
      authMethod: spec.security.authMethod,
      mfaPolicy: spec.security.mfaPolicy,
      allowedCidrs: spec.security.allowedCidrs,
    },
    dataSources: spec.dataSources.map(source => ({
      name: source.name,
      type: source.type,
      secretName: dataSourceSecretName(source.name),
    })),
  };
}

/**
 * Phase 4: the tenant configuration service and the configuration it serves.
 *
 * @public
 */
export function renderControlPlanePhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  const sizing = ctx.sizing[spec.infrastructure.resourceTier];
  const config = configMap(spec, PHASE, TENANT_CONFIG_SERVICE, {
    'tenant.json': JSON.stringify(tenantConfiguration(spec), null, 2),
  });
  return [
    config,
    ...serviceWorkload(spec, ctx, {
      name: TENANT_CONFIG_SERVICE,
      phase: PHASE,
      image: 'tenant-config',
      replicas: sizing.replicas.controlPlane,
      sizing: sizing.controlPlane,
      env: [
        ...platformServiceEnv(spec),
        { name: 'TENANT_CONFIG_FILE', value: '/etc/tenant/tenant.json' },
      ],
      podAnnotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksumOf(config.data) },
      volumes: [{ name: 'config', configMap: { name: TENANT_CONFIG_SERVICE } }],
      volumeMounts: [
        { name: 'config', mountPath: '/etc/tenant', readOnly: true },
      ],
    }),
  ];
}
