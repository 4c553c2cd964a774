import type {
  KubernetesObject,
  V1LimitRange,
  V1Namespace,
  V1PolicyRule,
  V1ResourceQuota,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import { namespaceLabels, tenantNamespaceName } from './labels';
import { tenantNetworkPolicies } from './networkPolicies';
import { objectMeta } from './objects';
import { GPU_RESOURCE } from './placement';

const PHASE = 'namespace';

/** Service account and Role of the tenant's administrators. @public */
export const TENANT_ADMIN = 'tenant-admin';

const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete'];

/**
 * What tenant admins may do in their namespace: manage workloads, config
 * and traffic, but only read what bounds them (quota, limits, network
 * policies, RBAC), so they cannot widen their own rights or isolation.
 */
const TENANT_ADMIN_RULES: V1PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'pods',
      'secrets',
      'services',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: [''],
    resources: [
      'pods/log',
      'events',
      'serviceaccounts',
      'resourcequotas',
      'limitranges',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'replicasets'],
    verbs: WRITE,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments/scale', 'statefulsets/scale'],
    verbs: ['get', 'update', 'patch'],
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses'],
    verbs: WRITE,
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['networkpolicies'],
    verbs: READ,
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings'],
    verbs: READ,
  },
];

function namespace(spec: TenantSpec): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: tenantNamespaceName(spec.details.slug),
      labels: namespaceLabels(spec),
    },
  };
}

function resourceQuota(spec: TenantSpec, ctx: RenderContext): V1ResourceQuota {
  const sizing = ctx.sizing[spec.infrastructure.resourceTier];
  const { quota } = sizing;
  // Room for every GPU replica plus one of a rolling update; none without GPUs.
  const gpus = spec.infrastructure.gpuEnabled
    ? sizing.replicas.dataPlane + 1
    : 0;
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: objectMeta(spec, PHASE, 'tenant-quota'),
    spec: {
      hard: {
        'requests.cpu': quota.requests.cpu,
        'requests.memory': quota.requests.memory,
        'limits.cpu': quota.limits.cpu,
        'limits.memory': quota.limits.memory,
        pods: String(quota.pods),
        persistentvolumeclaims: String(quota.persistentVolumeClaims),
        'requests.storage': quota.storage,
        [`requests.${GPU_RESOURCE}`]: String(gpus),
      },
    },
  };
}

function limitRange(spec: TenantSpec, ctx: RenderContext): V1LimitRange {
  const { limitRange: limits } = ctx.sizing[spec.infrastructure.resourceTier];
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: objectMeta(spec, PHASE, 'tenant-limits'),
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { ...limits.defaultRequest },
          // The client library's name for `default`, a reserved word in its models.
          _default: { ...limits.default },
          max: { ...limits.max },
        },
      ],
    },
  };
}

function adminRbac(spec: TenantSpec): KubernetesObject[] {
  const serviceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(spec, PHASE, TENANT_ADMIN),
  };
  const role: V1Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: objectMeta(spec, PHASE, TENANT_ADMIN),
    rules: TENANT_ADMIN_RULES,
  };
  const roleBinding: V1RoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: objectMeta(spec, PHASE, TENANT_ADMIN),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: TENANT_ADMIN,
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: TENANT_ADMIN,
        namespace: tenantNamespaceName(spec.details.slug),
      },
      {
        kind: 'Group',
        apiGroup: 'rbac.authorization.k8s.io',
        // The group the cluster's authenticator gives the tenant's admins.
        name: `${spec.details.slug}-admins`,
      },
    ],
  };
  return [serviceAccount, role, roleBinding];
}

/**
 * Phase 1: the tenant's namespace with its quota, default container limits,
 * network isolation and admin access.
 *
 * @public
 */
export function renderNamespacePhase(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  return [
    namespace(spec),
    resourceQuota(spec, ctx),
    limitRange(spec, ctx),
    ...tenantNetworkPolicies(spec, ctx),
    ...adminRbac(spec),
  ];
}
