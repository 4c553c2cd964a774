import type { KubernetesObject } from '@kubernetes/client-node';
import {
  PROVISIONING_PHASES,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { createRenderContext } from './context';
import { expectedWorkloads } from './expectedWorkloads';
import { REQUIRED_CRDS_BY_PHASE } from './requiredCrds';
import { renderAllPhases, renderPhase } from './renderPhase';
import { renderSecrets } from './secrets';
import {
  ALL_MODULES,
  allObjects,
  buildSpec,
  DNS_LABEL,
  LABEL_VALUE,
  LONGEST_SLUG,
  podTemplatesOf,
  sentinelSecretValues,
} from './__testUtils__/fixtures';

const ctx = createRenderContext({
  availableCrds: ['servicemonitors.monitoring.coreos.com'],
});

/** A tenant exercising every optional part: all modules, GPUs, CIDRs and data sources. */
function fullSpec(
  overrides: { slug?: string; dedicatedCompute?: boolean } = {},
) {
  return buildSpec({
    details: { slug: overrides.slug ?? 'acme' },
    infrastructure: {
      resourceTier: 'large',
      gpuEnabled: true,
      dedicatedCompute: overrides.dedicatedCompute ?? false,
      region: 'Some Region (with spaces)',
    },
    modules: ALL_MODULES,
    security: { allowedCidrs: ['10.0.0.0/8', '2001:db8::/32'] },
    dataSources: [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.acme.example',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        passwordSecret: 'warehousePassword',
      },
      {
        name: `lake-${'l'.repeat(58)}`,
        type: 'snowflake',
        host: 'acme.snowflakecomputing.com',
        port: 443,
        database: 'lake',
        user: 'loader',
        passwordSecret: 'lakePassword',
      },
    ],
  });
}

describe('renderPhase', () => {
  it('renders every phase, in phase order, and nothing for validation', () => {
    const phases = renderAllPhases(fullSpec(), ctx);
    expect(phases.map(p => p.phase)).toEqual(
      PROVISIONING_PHASES.map(p => p.id),
    );
    expect(renderPhase('validation', fullSpec(), ctx)).toEqual([]);
    for (const { phase, objects } of phases) {
      expect(renderPhase(phase, fullSpec(), ctx)).toEqual(objects);
    }
  });

  it('is deterministic', () => {
    expect(renderAllPhases(fullSpec(), ctx)).toEqual(
      renderAllPhases(fullSpec(), ctx),
    );
    expect(JSON.stringify(renderAllPhases(fullSpec(), ctx))).toBe(
      JSON.stringify(renderAllPhases(fullSpec(), ctx)),
    );
  });

  describe('on every object', () => {
    const phases = renderAllPhases(fullSpec({ slug: LONGEST_SLUG }), ctx);
    const objects = phases.flatMap(p => p.objects);

    it('puts the tenant labels with the phase that created it', () => {
      for (const { phase, objects: phaseObjects } of phases) {
        for (const object of phaseObjects) {
          expect(object.metadata?.labels).toMatchObject({
            'app.kubernetes.io/managed-by': 'tenant-platform',
            'tenants.dev/tenant': LONGEST_SLUG,
            'tenants.dev/phase': phase,
          });
        }
      }
    });

    it('puts the tenant labels on every pod', () => {
      for (const { template } of podTemplatesOf(objects)) {
        expect(template.metadata?.labels).toMatchObject({
          'tenants.dev/tenant': LONGEST_SLUG,
        });
      }
    });

    it('namespaces everything but the namespace itself', () => {
      for (const object of objects) {
        expect(object.metadata?.namespace).toBe(
          object.kind === 'Namespace' ? undefined : `tenant-${LONGEST_SLUG}`,
        );
      }
    });

    it('keeps names DNS labels of at most 63 characters for the longest slug', () => {
      const names = [
        ...objects.map(o => o.metadata!.name!),
        ...podTemplatesOf(objects).flatMap(p => [
          ...p.containers.map(c => c.name),
          ...(p.podSpec.volumes ?? []).map(v => v.name),
        ]),
      ];
      for (const name of names) {
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(DNS_LABEL);
      }
    });

    it('keeps port names within 15 characters', () => {
      const portNames = podTemplatesOf(objects).flatMap(p =>
        p.containers.flatMap(c => (c.ports ?? []).map(port => port.name!)),
      );
      for (const name of portNames) {
        expect(name.length).toBeLessThanOrEqual(15);
        expect(name).toMatch(DNS_LABEL);
      }
    });

    it('uses only valid label values', () => {
      for (const object of objects) {
        for (const value of Object.values(object.metadata?.labels ?? {})) {
          expect(value).toMatch(LABEL_VALUE);
          expect(value.length).toBeLessThanOrEqual(63);
        }
      }
    });
  });

  it('keeps secret values out of every object but the Secrets', () => {
    const spec = fullSpec();
    const values = sentinelSecretValues(spec);
    const secrets: KubernetesObject[] = renderSecrets(spec, values);
    const others = allObjects(spec, ctx).filter(o => o.kind !== 'Secret');
    const json = JSON.stringify(others);
    const sentinels = Object.values(values).flatMap(v => Object.values(v));
    expect(sentinels.length).toBeGreaterThan(5);
    for (const sentinel of sentinels) {
      expect(json).not.toContain(sentinel);
    }
    expect(JSON.stringify(secrets)).toContain(sentinels[0]);
    expect(JSON.stringify(allObjects(spec, ctx))).not.toContain('SENTINEL');
  });

  function expectedPlacement(owner: string, dedicatedCompute: boolean) {
    if (owner === 'Deployment/ml-platform') {
      return { pool: 'gpu', tolerated: ['nvidia.com/gpu'] };
    }
    if (dedicatedCompute) {
      return { pool: 'dedicated', tolerated: ['tenants.dev/dedicated'] };
    }
    return { pool: undefined, tolerated: undefined };
  }

  it.each([false, true])(
    'pins every pod of every phase to the dedicated pool when dedicatedCompute is %s, GPU work to the GPU pool',
    dedicatedCompute => {
      const pods = podTemplatesOf(
        allObjects(fullSpec({ dedicatedCompute }), ctx),
      );
      expect(pods.length).toBeGreaterThan(10);
      for (const pod of pods) {
        const expected = expectedPlacement(pod.owner, dedicatedCompute);
        expect(pod.podSpec.nodeSelector?.['tenants.dev/pool']).toBe(
          expected.pool,
        );
        expect(pod.podSpec.tolerations?.map(t => t.key)).toEqual(
          expected.tolerated,
        );
      }
    },
  );

  it('references Secrets that the secrets phase renders, ConfigMaps that exist', () => {
    const spec = fullSpec();
    const objects = allObjects(spec, ctx);
    const names = (kind: string) =>
      objects.filter(o => o.kind === kind).map(o => o.metadata!.name!);
    const pods = podTemplatesOf(objects);
    const secretRefs = pods.flatMap(pod => [
      ...pod.containers.flatMap(c =>
        (c.env ?? []).flatMap(e =>
          e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name!] : [],
        ),
      ),
      ...(pod.podSpec.volumes ?? []).flatMap(v =>
        v.secret ? [v.secret.secretName!] : [],
      ),
    ]);
    const configMapRefs = pods.flatMap(pod =>
      (pod.podSpec.volumes ?? []).flatMap(v =>
        v.configMap ? [v.configMap.name!] : [],
      ),
    );
    expect(secretRefs.length).toBeGreaterThan(10);
    expect(names('Secret')).toEqual(expect.arrayContaining(secretRefs));
    expect(configMapRefs).toHaveLength(3);
    expect(names('ConfigMap')).toEqual(expect.arrayContaining(configMapRefs));
  });

  it('selects every Service to a workload that exists', () => {
    const objects = allObjects(fullSpec(), ctx);
    const podLabels = podTemplatesOf(objects).map(
      p => p.template.metadata!.labels!,
    );
    for (const svc of objects.filter(o => o.kind === 'Service') as any[]) {
      const selector: Record<string, string> = svc.spec.selector;
      expect(
        podLabels.some(labels =>
          Object.entries(selector).every(([k, v]) => labels[k] === v),
        ),
      ).toBe(true);
    }
  });
});

describe('expectedWorkloads', () => {
  const spec: TenantSpec = buildSpec();

  it('lists every Deployment, StatefulSet and Service with its namespace and phase', () => {
    const expected = expectedWorkloads(spec, ctx);
    expect(expected).toContainEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'kafka',
      namespace: 'tenant-acme',
      phase: 'data-infrastructure',
    });
    expect(expected).toContainEqual({
      apiVersion: 'v1',
      kind: 'Service',
      name: 'query-engine',
      namespace: 'tenant-acme',
      phase: 'data-plane',
    });
    expect(
      expected.filter(w => w.kind === 'Deployment').map(w => w.name),
    ).toEqual([
      'tenant-config',
      'ai-engine',
      'agents',
      'bi-platform',
      'context-graph',
      'query-engine',
      'metrics-collector',
      'log-collector',
    ]);
    expect(
      expected.filter(w => w.kind === 'StatefulSet').map(w => w.name),
    ).toEqual(['postgres', 'redis', 'kafka']);
  });

  it('follows the enabled modules', () => {
    const names = expectedWorkloads(
      buildSpec({ modules: { ml: true, bi: false } }),
      ctx,
    ).map(w => `${w.kind}/${w.name}`);
    expect(names).toContain('Deployment/ml-platform');
    expect(names).toContain('Service/ml-platform');
    expect(names).not.toContain('Deployment/bi-platform');
  });
});

describe('REQUIRED_CRDS_BY_PHASE', () => {
  it('requires cert-manager and external-dns for ingress, optionally ServiceMonitors for observability', () => {
    expect(REQUIRED_CRDS_BY_PHASE.ingress.required).toEqual([
      'certificates.cert-manager.io',
      'dnsendpoints.externaldns.k8s.io',
    ]);
    expect(REQUIRED_CRDS_BY_PHASE.observability).toEqual({
      required: [],
      optional: ['servicemonitors.monitoring.coreos.com'],
    });
    expect(Object.keys(REQUIRED_CRDS_BY_PHASE)).toEqual(
      PROVISIONING_PHASES.map(p => p.id),
    );
  });

  it('covers every custom resource the phases render', () => {
    const builtIn =
      /^(v1|apps\/v1|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1)$/;
    for (const { phase, objects } of renderAllPhases(
      buildSpec(),
      createRenderContext({
        availableCrds: ['servicemonitors.monitoring.coreos.com'],
      }),
    )) {
      const crds = [
        ...REQUIRED_CRDS_BY_PHASE[phase].required,
        ...REQUIRED_CRDS_BY_PHASE[phase].optional,
      ];
      for (const object of objects.filter(o => !builtIn.test(o.apiVersion!))) {
        const group = object.apiVersion!.split('/')[0];
        expect(crds.some(crd => crd.endsWith(`.${group}`))).toBe(true);
      }
    }
  });
});
