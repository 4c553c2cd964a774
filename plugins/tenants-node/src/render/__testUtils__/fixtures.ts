import type {
  KubernetesObject,
  V1Container,
  V1PodSpec,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import {
  tenantSpecSchema,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { renderAllPhases } from '../renderPhase';
import type { RenderContext } from '../context';
import { secretRequirements, type SecretValues } from '../secrets';

type SpecOverrides = {
  details?: Partial<TenantSpec['details']>;
  infrastructure?: Partial<TenantSpec['infrastructure']>;
  dataSources?: Array<Partial<TenantSpec['dataSources'][number]>>;
  modules?: Partial<TenantSpec['modules']>;
  security?: Partial<TenantSpec['security']>;
};

/** A valid tenant spec (parsed by the real schema) with the given sections overridden. */
export function buildSpec(overrides: SpecOverrides = {}): TenantSpec {
  return tenantSpecSchema.parse({
    details: {
      name: 'Acme Corp',
      slug: 'acme',
      billingTier: 'professional',
      adminEmail: 'admin@acme.example',
      ...overrides.details,
    },
    infrastructure: {
      cloudProvider: 'aws',
      region: 'eu-west-1',
      resourceTier: 'medium',
      ...overrides.infrastructure,
    },
    dataSources: overrides.dataSources ?? [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.acme.example',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        passwordSecret: 'warehousePassword',
      },
    ],
    modules: { ...overrides.modules },
    security: {
      authMethod: 'oidc',
      mfaPolicy: 'required-admins',
      ...overrides.security,
    },
  });
}

export const ALL_MODULES: TenantSpec['modules'] = {
  core: true,
  bi: true,
  ml: true,
  dataPlatform: true,
  contextGraph: true,
};

/** A slug of the maximum length, to test name lengths. */
export const LONGEST_SLUG = `t${'x'.repeat(39)}`;

export function allObjects(
  spec: TenantSpec,
  ctx: RenderContext,
): KubernetesObject[] {
  return renderAllPhases(spec, ctx).flatMap(p => p.objects);
}

export function byKind<T = any>(
  objects: KubernetesObject[],
  kind: string,
): T[] {
  return objects.filter(o => o.kind === kind) as T[];
}

export function findObject<T = any>(
  objects: KubernetesObject[],
  kind: string,
  name: string,
): T {
  const found = objects.find(o => o.kind === kind && o.metadata?.name === name);
  if (!found) {
    throw new Error(`No ${kind} ${name} among the rendered objects`);
  }
  return found as T;
}

export interface RenderedPodTemplate {
  owner: string;
  replicas: number;
  template: V1PodTemplateSpec;
  podSpec: V1PodSpec;
  containers: V1Container[];
}

/** The pod templates of all Deployments and StatefulSets among the objects. */
export function podTemplatesOf(
  objects: KubernetesObject[],
): RenderedPodTemplate[] {
  return objects
    .filter(o => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map(o => {
      const spec = (o as any).spec;
      return {
        owner: `${o.kind}/${o.metadata?.name}`,
        replicas: spec.replicas,
        template: spec.template,
        podSpec: spec.template.spec,
        containers: spec.template.spec.containers,
      };
    });
}

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity as a number: cores for CPU, bytes for memory. */
export function parseQuantity(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) {
    throw new Error(`Unsupported quantity ${quantity}`);
  }
  const value = Number(match[1]);
  const suffix = match[2];
  if (suffix === 'm') return value / 1000;
  return suffix ? value * BINARY_SUFFIXES[suffix] : value;
}

/** A distinct, recognisable value for every secret key the spec needs. */
export function sentinelSecretValues(spec: TenantSpec): SecretValues {
  return Object.fromEntries(
    secretRequirements(spec).map(r => [
      r.name,
      Object.fromEntries(r.keys.map(key => [key, `SENTINEL-${r.name}-${key}`])),
    ]),
  );
}

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
