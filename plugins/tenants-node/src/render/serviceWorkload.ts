import type {
  KubernetesObject,
  V1EnvVar,
  V1Probe,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import type {
  PhaseId,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext, TenantImage } from './context';
import { HTTP_PORT } from './endpoints';
import { deployment, service, tcpPort } from './objects';
import { containerResources, podTemplate } from './podTemplate';
import { GPU_RESOURCE } from './placement';
import type { ContainerSizing } from './sizing';

export interface ServiceWorkloadOptions {
  name: string;
  phase: PhaseId;
  image: TenantImage;
  replicas: number;
  sizing: ContainerSizing;
  env?: V1EnvVar[];
  /** Named container ports, all exposed by the Service; default `http` on 8080. */
  ports?: Array<{ name: string; port: number }>;
  /** Default: HTTP GET `/healthz/ready` on the first port. */
  readinessProbe?: V1Probe;
  args?: string[];
  /** Runs on the GPU pool with one GPU. */
  gpu?: boolean;
  volumes?: V1Volume[];
  volumeMounts?: V1VolumeMount[];
  podAnnotations?: Record<string, string>;
  serviceAccountName?: string;
}

/** A stateless service of the tenant: a Deployment and the ClusterIP Service in front of it. */
export function serviceWorkload(
  spec: TenantSpec,
  ctx: RenderContext,
  options: ServiceWorkloadOptions,
): KubernetesObject[] {
  const ports = options.ports ?? [{ name: 'http', port: HTTP_PORT }];
  const template = podTemplate(spec, ctx, {
    app: options.name,
    phase: options.phase,
    gpu: options.gpu,
    volumes: options.volumes,
    annotations: options.podAnnotations,
    serviceAccountName: options.serviceAccountName,
    containers: [
      {
        name: options.name,
        image: ctx.images[options.image],
        ...(options.args ? { args: options.args } : {}),
        ports: ports.map(p => ({
          name: p.name,
          containerPort: p.port,
          protocol: 'TCP',
        })),
        ...(options.env ? { env: options.env } : {}),
        resources: containerResources(
          options.sizing,
          options.gpu ? { [GPU_RESOURCE]: '1' } : {},
        ),
        readinessProbe: options.readinessProbe ?? {
          httpGet: { path: '/healthz/ready', port: ports[0].name },
          periodSeconds: 10,
        },
        ...(options.volumeMounts ? { volumeMounts: options.volumeMounts } : {}),
      },
    ],
  });
  return [
    deployment(spec, {
      name: options.name,
      phase: options.phase,
      replicas: options.replicas,
      template,
    }),
    service(spec, {
      name: options.name,
      phase: options.phase,
      app: options.name,
      ports: ports.map(p => tcpPort(p.name, p.port)),
    }),
  ];
}
