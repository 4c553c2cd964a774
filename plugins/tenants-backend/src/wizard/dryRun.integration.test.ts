import { ConfigReader } from '@backstage/config';
import {
  PROVISIONING_PHASES,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  createRenderContext,
  loadKubernetesClient,
  REQUIRED_CRDS_BY_PHASE,
  SERVICE_MONITORS_CRD,
  tenantNamespaceName,
  waitForObject,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { requireTestKubeconfigPath } from '../__testUtils__/testCluster';
import { DRY_RUN_SECRET_PLACEHOLDER, dryRunTenant } from './dryRun';

jest.setTimeout(120_000);

const kubeconfigPath = requireTestKubeconfigPath();

const clusters = ClusterRegistry.fromConfig(
  new ConfigReader({
    tenants: {
      clusters: [
        {
          name: 'local',
          provider: 'azure',
          regions: ['westeurope'],
          kubeconfigPath,
        },
      ],
    },
  }),
);

const unique = () =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const specFor = (slug: string) =>
  tenantSpecSchema.parse({
    details: {
      name: 'Dry Run Tenant',
      slug,
      billingTier: 'enterprise',
      adminEmail: 'admin@example.com',
    },
    infrastructure: { resourceTier: 'small', gpuEnabled: true },
    dataSources: [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.example.com',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        passwordSecret: 'warehousePassword',
      },
    ],
    modules: { ml: true, dataPlatform: true },
    security: { authMethod: 'oidc', mfaPolicy: 'optional' },
  });

describe('dryRunTenant against the local cluster', () => {
  let k8s: Awaited<ReturnType<typeof loadKubernetesClient>>;
  let kubeConfig: Awaited<ReturnType<ClusterRegistry['kubeConfig']>>;
  const standIn = `wizard-standin-${unique()}`;

  const namespaceExists = async (name: string) => {
    try {
      await kubeConfig.makeApiClient(k8s.CoreV1Api).readNamespace({ name });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  };

  beforeAll(async () => {
    k8s = await loadKubernetesClient();
    kubeConfig = await clusters.kubeConfig('local');
    await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .createNamespace({ body: { metadata: { name: standIn } } });
    // The controller manager publishes the root CA into every new namespace;
    // once it is there, whatever else appears was created by the dry run.
    await waitForObject(
      kubeConfig,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: standIn,
        name: 'kube-root-ca.crt',
      },
      { until: configMap => configMap !== undefined, timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .deleteNamespace({ name: standIn })
      .catch(() => {});
  });

  it('previews every phase server-side and creates nothing', async () => {
    const slug = `dry${unique()}`;
    const namespace = tenantNamespaceName(slug);
    const standInBefore = await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .listNamespacedConfigMap({ namespace: standIn });

    const result = await dryRunTenant(specFor(slug), {
      kubeConfig,
      cluster: 'local',
      renderContext: createRenderContext(),
      standInNamespace: standIn,
    });

    expect(result.cluster).toBe('local');
    expect(result.namespace).toBe(namespace);
    expect(result.phases.map(p => [p.phaseId, p.name])).toEqual(
      PROVISIONING_PHASES.map(p => [p.id, p.name]),
    );
    for (const phase of result.phases) {
      expect({ phase: phase.phaseId, error: phase.error }).toEqual({
        phase: phase.phaseId,
        error: undefined,
      });
    }
    const byPhase = Object.fromEntries(
      result.phases.map(p => [p.phaseId, p.objects]),
    );
    expect(byPhase.namespace[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
      outcome: 'created',
    });
    expect(byPhase.secrets).toEqual(
      expect.arrayContaining([
        {
          apiVersion: 'v1',
          kind: 'Secret',
          name: 'datasource-warehouse',
          namespace,
          outcome: 'created',
        },
      ]),
    );
    expect(byPhase['data-infrastructure'].map(o => o.kind)).toEqual(
      expect.arrayContaining(['StatefulSet', 'Service']),
    );
    expect(byPhase.ingress.map(o => o.kind)).toEqual(
      expect.arrayContaining(['Ingress', 'Certificate', 'DNSEndpoint']),
    );
    expect(byPhase.validation).toEqual([]);
    const all = result.phases.flatMap(p => p.objects);
    expect(all.length).toBeGreaterThan(20);
    expect(
      all.every(o => o.kind === 'Namespace' || o.namespace === namespace),
    ).toBe(true);
    expect(JSON.stringify(result)).not.toContain(DRY_RUN_SECRET_PLACEHOLDER);

    // Nothing was created: neither the namespace nor anything in the stand-in.
    expect(await namespaceExists(namespace)).toBe(false);
    const standInAfter = await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .listNamespacedConfigMap({ namespace: standIn });
    expect(standInAfter.items.map(c => c.metadata?.name)).toEqual(
      standInBefore.items.map(c => c.metadata?.name),
    );
    const secrets = await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .listNamespacedSecret({ namespace: standIn });
    expect(secrets.items).toEqual([]);
    const statefulSets = await kubeConfig
      .makeApiClient(k8s.AppsV1Api)
      .listNamespacedStatefulSet({ namespace: standIn });
    expect(statefulSets.items).toEqual([]);
  });

  it("reports a phase's missing CRD as that phase's error and keeps going", async () => {
    const slug = `dry${unique()}`;
    // The local cluster serves cert-manager's and external-dns's CRDs but not
    // the Prometheus operator's; a table that requires ServiceMonitors for
    // observability stands for a cluster without a required CRD.
    const result = await dryRunTenant(specFor(slug), {
      kubeConfig,
      cluster: 'local',
      renderContext: createRenderContext(),
      standInNamespace: standIn,
      requiredCrds: {
        ...REQUIRED_CRDS_BY_PHASE,
        observability: { required: [SERVICE_MONITORS_CRD] },
      },
    });
    const observability = result.phases.find(
      p => p.phaseId === 'observability',
    )!;
    expect(observability.error).toBe(
      `Phase observability needs the CustomResourceDefinition ${SERVICE_MONITORS_CRD}, which the cluster does not serve; install it on the cluster and retry`,
    );
    expect(observability.objects.length).toBeGreaterThan(0);
    expect(result.phases.filter(p => p.error).map(p => p.phaseId)).toEqual([
      'observability',
    ]);
    expect(await namespaceExists(tenantNamespaceName(slug))).toBe(false);
  });

  it('reports what the API server refuses, naming the object in the tenant namespace', async () => {
    const slug = `dry${unique()}`;
    const namespace = tenantNamespaceName(slug);
    const result = await dryRunTenant(specFor(slug), {
      kubeConfig,
      cluster: 'local',
      // An empty image is refused by the API server's validation.
      renderContext: createRenderContext({ images: { redis: '' } }),
      standInNamespace: standIn,
    });
    const dataInfrastructure = result.phases.find(
      p => p.phaseId === 'data-infrastructure',
    )!;
    expect(dataInfrastructure.error).toMatch(
      new RegExp(
        `^statefulset/redis in namespace ${namespace}: StatefulSet.apps "redis" is invalid: .*image: Required value.* \\(HTTP 422\\)$`,
      ),
    );
    const refs = dataInfrastructure.objects.map(o => `${o.kind}/${o.name}`);
    expect(refs).not.toContain('StatefulSet/redis');
    expect(refs).toEqual(
      expect.arrayContaining([
        'Service/redis',
        'StatefulSet/postgres',
        'StatefulSet/kafka',
      ]),
    );
    expect(result.phases.filter(p => p.error)).toHaveLength(1);
  });

  it('validates a creation, not a merge, when the stand-in namespace has an object of the same name', async () => {
    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    // A StatefulSet `postgres` whose selector differs from the tenant's: a
    // merge into it would fail on immutable fields.
    await apps.createNamespacedStatefulSet({
      namespace: standIn,
      body: {
        metadata: { name: 'postgres' },
        spec: {
          replicas: 0,
          serviceName: 'other',
          selector: { matchLabels: { app: 'someone-else' } },
          template: {
            metadata: { labels: { app: 'someone-else' } },
            spec: { containers: [{ name: 'c', image: 'example/other:1' }] },
          },
        },
      },
    });
    try {
      const result = await dryRunTenant(specFor(`dry${unique()}`), {
        kubeConfig,
        cluster: 'local',
        renderContext: createRenderContext(),
        standInNamespace: standIn,
      });
      const dataInfrastructure = result.phases.find(
        p => p.phaseId === 'data-infrastructure',
      )!;
      expect(dataInfrastructure.error).toBeUndefined();
      expect(dataInfrastructure.objects).toContainEqual(
        expect.objectContaining({
          kind: 'StatefulSet',
          name: 'postgres',
          outcome: 'created',
        }),
      );
      const other = await apps.readNamespacedStatefulSet({
        name: 'postgres',
        namespace: standIn,
      });
      expect(other.spec?.selector.matchLabels).toEqual({
        app: 'someone-else',
      });
    } finally {
      await apps.deleteNamespacedStatefulSet({
        name: 'postgres',
        namespace: standIn,
      });
    }
  });

  it('uses the real outcomes once the tenant namespace exists', async () => {
    const slug = `dry${unique()}`;
    const namespace = tenantNamespaceName(slug);
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    try {
      const result = await dryRunTenant(specFor(slug), {
        kubeConfig,
        cluster: 'local',
        renderContext: createRenderContext(),
        standInNamespace: standIn,
      });
      const namespacePhase = result.phases[0];
      expect(namespacePhase.error).toBeUndefined();
      // The existing Namespace lacks the tenant labels: applying would configure it.
      expect(namespacePhase.objects[0]).toMatchObject({
        kind: 'Namespace',
        outcome: 'configured',
      });
      const secrets = await core.listNamespacedSecret({ namespace });
      expect(secrets.items).toEqual([]);
    } finally {
      await core.deleteNamespace({ name: namespace });
    }
  });
});
