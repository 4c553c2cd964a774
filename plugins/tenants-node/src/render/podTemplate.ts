import type {
  V1Container,
  V1EnvVar,
  V1PodTemplateSpec,
  V1ResourceRequirements,
  V1Volume,
} from '@kubernetes/client-node';
import type {
  PhaseId,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { FAULT_INJECTION_LABEL } from '../kubernetes/faults';
import type { RenderContext } from './context';
import { APP_NAME_LABEL, tenantLabels } from './labels';
import { podPlacement } from './placement';
import type { ContainerSizing } from './sizing';

/** Container resources from a sizing, with optional extra limits such as a GPU. */
export function containerResources(
  sizing: ContainerSizing,
  extraLimits: Record<string, string> = {},
): V1ResourceRequirements {
  return {
    requests: { ...sizing.requests },
    limits: { ...sizing.limits, ...extraLimits },
  };
}

/** An environment variable read from a Secret; the value never appears in the pod spec. */
export function secretEnv(
  name: string,
  secretName: string,
  key: string,
): V1EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export function plainEnv(name: string, value: string | number): V1EnvVar {
  return { name, value: String(value) };
}

export interface PodTemplateOptions {
  /** Workload name; pods are selected by it. */
  app: string;
  phase: PhaseId;
  containers: V1Container[];
  /** Schedule on the GPU pool instead of the general or dedicated one. */
  gpu?: boolean;
  volumes?: V1Volume[];
  annotations?: Record<string, string>;
  /** Only pods that talk to the Kubernetes API get a service account token. */
  serviceAccountName?: string;
}

/** Labels selecting the pods of a workload. */
export function selectorLabels(app: string): Record<string, string> {
  return { [APP_NAME_LABEL]: app };
}

/**
 * The pod template every tenant workload uses: tenant labels, placement by
 * the tenant's compute options, no privilege escalation, and a service
 * account token only where one is needed.
 */
export function podTemplate(
  spec: TenantSpec,
  ctx: RenderContext,
  options: PodTemplateOptions,
): V1PodTemplateSpec {
  const fault = ctx.injectedFaults[options.app];
  return {
    metadata: {
      labels: {
        ...tenantLabels(spec.details.slug, options.phase),
        ...selectorLabels(options.app),
        ...(fault ? { [FAULT_INJECTION_LABEL]: fault } : {}),
      },
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      ...(options.serviceAccountName
        ? { serviceAccountName: options.serviceAccountName }
        : {}),
      automountServiceAccountToken: Boolean(options.serviceAccountName),
      ...podPlacement(spec, { gpu: options.gpu }),
      containers: options.containers.map(container => ({
        ...container,
        securityContext: { allowPrivilegeEscalation: false },
      })),
      ...(options.volumes ? { volumes: options.volumes } : {}),
    },
  };
}
