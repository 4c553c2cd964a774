import type { KubernetesObject, V1Ingress } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import type { Certificate, DNSEndpoint } from './customResources';
import {
  HTTP_PORT,
  QUERY_ENGINE_SERVICE,
  TENANT_CONFIG_SERVICE,
} from './endpoints';
import { tenantHost } from './names';
import { objectMeta } from './objects';

const PHASE = 'ingress';

/** @public */
export const INGRESS_CLASS = 'nginx';
/** @public */
export const WHITELIST_SOURCE_RANGE_ANNOTATION =
  'nginx.ingress.kubernetes.io/whitelist-source-range';

/** The tenant's Certificate and the Secret cert-manager writes its key pair to. @public */
export const TENANT_TLS_SECRET = 'tenant-tls';

/** The public routes of a tenant, most specific first; the ingress controller may reach only these services. @public */
export const INGRESS_ROUTES: ReadonlyArray<{ path: string; service: string }> =
  [
    { path: '/api/config', service: TENANT_CONFIG_SERVICE },
    { path: '/api', service: QUERY_ENGINE_SERVICE },
  ];

function ingress(spec: TenantSpec, host: string): V1Ingress {
  const cidrs = spec.security.allowedCidrs;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta(spec, PHASE, 'tenant', {
      ...(cidrs.length > 0
        ? {
            annotations: {
              [WHITELIST_SOURCE_RANGE_ANNOTATION]: cidrs.join(','),
            },
          }
        : {}),
    }),
    spec: {
      ingressClassName: INGRESS_CLASS,
      tls: [{ hosts: [host], secretName: TENANT_TLS_SECRET }],
      rules: [
        {
          host,
          http: {
            paths: INGRESS_ROUTES.map(route => ({
              path: route.path,
              pathType: 'Prefix',
              backend: {
                service: { name: route.service, port: { number: HTTP_PORT } },
              },
            })),
          },
        },
      ],
    },
  };
}

function certificate(
  spec: TenantSpec,
  ctx: RenderContext,
  host: string,
): Certificate {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: objectMeta(spec, PHASE, TENANT_TLS_SECRET),
    spec: {
      secretName: TENANT_TLS_SECRET,
      dnsNames: [host],
      issuerRef: {
        name: ctx.clusterIssuer,
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    },
  };
}

function dnsEndpoint(
  spec: TenantSpec,
  ctx: RenderContext,
  host: string,
): DNSEndpoint {
  return {
    apiVersion: 'externaldns.k8s.io/v1alpha1',
    kind: 'DNSEndpoint',
    metadata: objectMeta(spec, PHASE, 'tenant'),
    spec: {
      endpoints: [
        {
          dnsName: host,
          recordType: ctx.ingressTarget.includes(':') ? 'AAAA' : 'A',
          recordTTL: 300,
          targets: [ctx.ingressTarget],
        },
      ],
    },
  };
}

/**
 * Phase 5.5: the tenant's host `<slug>.<baseDomain>`, its TLS certificate,
 * DNS record and NGINX Ingress.
 *
 * @public
 */
export function renderIngressPhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  const host = tenantHost(spec.details.slug, ctx.baseDomain);
  return [
    certificate(spec, ctx, host),
    dnsEndpoint(spec, ctx, host),
    ingress(spec, host),
  ];
}
