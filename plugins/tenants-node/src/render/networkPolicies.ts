import type {
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicySpec,
} from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import { APP_NAME_LABEL } from './labels';
import { objectMeta } from './objects';
import { INGRESS_ROUTES } from './renderIngressPhase';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const ALL_PODS: V1LabelSelector = {};

/** The pods behind the tenant's public routes. */
const EXPOSED_PODS: V1LabelSelector = {
  matchExpressions: [
    {
      key: APP_NAME_LABEL,
      operator: 'In',
      values: [...new Set(INGRESS_ROUTES.map(route => route.service))],
    },
  ],
};

function networkPolicy(
  spec: TenantSpec,
  name: string,
  policy: V1NetworkPolicySpec,
): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(spec, 'namespace', name),
    spec: policy,
  };
}

/**
 * The tenant's network isolation: nothing in or out, except traffic within
 * the namespace, DNS, the ingress controller to the exposed services, the
 * allowed CIDRs to the exposed services, and egress to the data sources'
 * ports.
 */
export function tenantNetworkPolicies(
  spec: TenantSpec,
  ctx: RenderContext,
): V1NetworkPolicy[] {
  const { allowedCidrs } = spec.security;
  const dataSourcePorts = [...new Set(spec.dataSources.map(s => s.port))].sort(
    (a, b) => a - b,
  );
  return [
    networkPolicy(spec, 'default-deny', {
      podSelector: ALL_PODS,
      policyTypes: ['Ingress', 'Egress'],
    }),
    networkPolicy(spec, 'allow-same-namespace', {
      podSelector: ALL_PODS,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ _from: [{ podSelector: ALL_PODS }] }],
      egress: [{ to: [{ podSelector: ALL_PODS }] }],
    }),
    networkPolicy(spec, 'allow-dns-egress', {
      podSelector: ALL_PODS,
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' },
              },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    networkPolicy(spec, 'allow-ingress-controller', {
      podSelector: EXPOSED_PODS,
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [
            {
              namespaceSelector: {
                matchLabels: {
                  [NAMESPACE_NAME_LABEL]: ctx.ingressControllerNamespace,
                },
              },
            },
          ],
        },
      ],
    }),
    ...(allowedCidrs.length > 0
      ? [
          networkPolicy(spec, 'allow-ingress-from-cidrs', {
            podSelector: EXPOSED_PODS,
            policyTypes: ['Ingress'],
            ingress: [
              { _from: allowedCidrs.map(cidr => ({ ipBlock: { cidr } })) },
            ],
          }),
        ]
      : []),
    ...(dataSourcePorts.length > 0
      ? [
          networkPolicy(spec, 'allow-datasource-egress', {
            podSelector: ALL_PODS,
            policyTypes: ['Egress'],
            egress: [
              {
                ports: dataSourcePorts.map(port => ({ protocol: 'TCP', port })),
              },
            ],
          }),
        ]
      : []),
  ];
}
