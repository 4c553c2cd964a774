import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APPLY_PHASES,
  ClusterRegistry,
  computeResourceStatus,
  createRenderContext,
  decodeSecretData,
  deleteLabelledObjects,
  expectedWorkloads,
  loadKubernetesClient,
  secretRequirements,
  tenantNamespaceName,
  renderAllPhases,
  teardownKinds as tenantTeardownKinds,
  tenantSelector,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  LOCAL_TEST_CLUSTER,
  localTestClusters,
  requireTestDnsResolver,
  uniqueSuffix,
} from '../__testUtils__/localCluster';
import { tenantSecrets, testTenantSpec } from '../__testUtils__/tenantSpec';
import type { PhaseEvent } from '../TenantServiceClient';
import { createPhaseAction } from './phaseActions';
import { createValidationAction } from './tenantValidation';

jest.setTimeout(300_000);

const dnsResolver = requireTestDnsResolver();
const CLUSTER = LOCAL_TEST_CLUSTER;
const clusters = ClusterRegistry.fromConfig(
  new ConfigReader({ tenants: { clusters: localTestClusters() } }),
);

const slug = `it${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);
const USER_PASSWORD = `user-supplied-${Math.random().toString(36).slice(2)}`;
const spec = testTenantSpec(slug);

const events: Array<{ phase: PhaseId } & PhaseEvent> = [];
const tenantService = {
  reportPhase: async (_tenantId: string, phase: PhaseId, event: PhaseEvent) => {
    events.push({ phase, ...event });
  },
};
const renderContext = createRenderContext();
const deps = {
  clusters,
  tenantService,
  renderContext,
  readinessTimeoutMs: 120_000,
};
const logLines: string[] = [];

function recordingLogger(): any {
  const log = (message: string) => {
    logLines.push(String(message));
    if (process.env.TENANTS_TEST_VERBOSE) {
      process.stderr.write(`${new Date().toISOString()} ${message}\n`);
    }
  };
  const logger = {
    info: log,
    warn: log,
    error: log,
    debug: log,
    child: () => logger,
  };
  return logger;
}

function context() {
  return createMockActionContext({
    input: { tenantId: `tenant-${slug}`, cluster: CLUSTER, spec } as any,
    secrets: tenantSecrets(USER_PASSWORD),
    logger: recordingLogger(),
  });
}

async function readSecrets() {
  const kubeConfig = await clusters.kubeConfig(CLUSTER);
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const result: Record<string, Record<string, string>> = {};
  for (const { name } of secretRequirements(spec)) {
    const secret = await core.readNamespacedSecret({ name, namespace });
    result[name] = decodeSecretData(secret.data);
  }
  return result;
}

const teardownKinds = () => tenantTeardownKinds(spec, renderContext);

/** `kind/name` → resourceVersion of every object the phases rendered and applied. */
async function resourceVersions(): Promise<Record<string, string>> {
  const kubeConfig = await clusters.kubeConfig(CLUSTER);
  const k8s = await loadKubernetesClient();
  const api = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const versions: Record<string, string> = {};
  const rendered = renderAllPhases(spec, renderContext).flatMap(p => p.objects);
  const kinds = new Map(rendered.map(o => [`${o.apiVersion}/${o.kind}`, o]));
  for (const { apiVersion, kind } of kinds.values()) {
    const list = await api.list(
      apiVersion!,
      kind!,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      tenantSelector(slug),
    );
    for (const item of list.items) {
      versions[`${kind}/${item.metadata?.name}`] =
        item.metadata?.resourceVersion ?? '';
    }
  }
  return versions;
}

describe('provisioning a tenant on the local cluster', () => {
  afterAll(async () => {
    // Safety net if the test failed before its own teardown.
    const kubeConfig = await clusters.kubeConfig(CLUSTER);
    await deleteLabelledObjects(kubeConfig, {
      labelSelector: tenantSelector(slug),
      kinds: teardownKinds(),
      timeoutMs: 60_000,
    });
  });

  it('runs every phase in order, keeps secrets stable, leaks no secret and tears down', async () => {
    const started = Date.now();
    for (const phase of APPLY_PHASES) {
      await createPhaseAction(phase, deps).handler(context());
    }
    await createValidationAction({
      ...deps,
      validation: {
        certificateExpiryWindowDays: 14,
        dnsResolver,
        timeoutMs: 90_000,
      },
    }).handler(context());

    // The certificate cert-manager issued and the name external-dns
    // published pass validation, in the task log and in the Tenant Service.
    const host = `${slug}.${renderContext.baseDomain}`;
    for (const check of [
      /^certificate\/tenant-tls ready +\| pass +\| Ready$/,
      new RegExp(
        `^certificate/tenant-tls host +\\| pass +\\| issued for ${host}$`,
      ),
      /^certificate\/tenant-tls expiry +\| pass +\| expires on \d{4}-\d\d-\d\d, in \d+ day\(s\); the window is 14$/,
      new RegExp(
        `^dns/${host} +\\| pass +\\| resolves to 127\\.0\\.0\\.1 via ${dnsResolver}$`,
      ),
    ]) {
      expect(logLines.filter(l => check.test(l))).toHaveLength(1);
      expect(
        events.filter(
          e =>
            e.phase === 'validation' &&
            e.type === 'log' &&
            check.test(e.message ?? ''),
        ),
      ).toHaveLength(1);
    }

    // Every phase reported started and completed, in phase order.
    const order = [...APPLY_PHASES, 'validation'];
    expect(
      events
        .filter(e => e.type === 'started' || e.type === 'completed')
        .map(e => `${e.phase} ${e.type}`),
    ).toEqual(order.flatMap(p => [`${p} started`, `${p} completed`]));
    expect(events.filter(e => e.type === 'failed')).toEqual([]);

    // Every workload is Current (ready) by kstatus.
    const kubeConfig = await clusters.kubeConfig(CLUSTER);
    const k8s = await loadKubernetesClient();
    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    const deployments = (await apps.listNamespacedDeployment({ namespace }))
      .items;
    const statefulSets = (await apps.listNamespacedStatefulSet({ namespace }))
      .items;
    const expected = expectedWorkloads(spec, renderContext).filter(
      w => w.kind !== 'Service',
    );
    expect(deployments.length + statefulSets.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    for (const w of [
      ...deployments.map(d => ({ ...d, kind: 'Deployment' })),
      ...statefulSets.map(s => ({ ...s, kind: 'StatefulSet' })),
    ]) {
      expect(`${w.metadata?.name}: ${computeResourceStatus(w).status}`).toBe(
        `${w.metadata?.name}: Current`,
      );
    }
    expect(logLines.some(l => /^\d+\/\d+ workloads ready/.test(l))).toBe(true);
    expect(logLines).toContain(`namespace/${namespace} created`);

    // A second run of every phase on the unchanged spec changes nothing.
    const versionsBefore = await resourceVersions();
    expect(Object.keys(versionsBefore).length).toBeGreaterThan(30);
    const firstRunLines = logLines.length;
    for (const phase of APPLY_PHASES) {
      await createPhaseAction(phase, deps).handler(context());
    }
    expect(await resourceVersions()).toEqual(versionsBefore);
    const appliedAgain = logLines
      .slice(firstRunLines)
      .filter(l => /^[a-z]+\/\S+ (created|configured|unchanged)$/.test(l));
    expect(appliedAgain.length).toBe(Object.keys(versionsBefore).length);
    expect(appliedAgain.filter(l => !l.endsWith(' unchanged'))).toEqual([]);

    // Re-running the secrets phase keeps every value.
    const before = await readSecrets();
    expect(before['datasource-warehouse'].password).toBe(USER_PASSWORD);
    expect(before['postgres-credentials'].password).toHaveLength(43);
    await createPhaseAction('secrets', deps).handler(context());
    expect(await readSecrets()).toEqual(before);

    // No secret value appears in any logged line or reported event.
    const secretValues = secretRequirements(spec).flatMap(r =>
      r.keys.map(key => before[r.name][key]),
    );
    expect(secretValues.length).toBeGreaterThanOrEqual(6);
    const reported = events.map(e => e.message ?? '');
    for (const value of secretValues) {
      for (const line of [...logLines, ...reported]) {
        expect(line.includes(value)).toBe(false);
      }
    }

    // Teardown: newest phase first, Namespace last; nothing labelled remains.
    const teardown = await deleteLabelledObjects(kubeConfig, {
      labelSelector: tenantSelector(slug),
      kinds: teardownKinds(),
      timeoutMs: 90_000,
    });
    expect(teardown.remaining).toEqual([]);
    expect(teardown.deleted).toContain(`namespace/${namespace}`);
    const again = await deleteLabelledObjects(kubeConfig, {
      labelSelector: tenantSelector(slug),
      kinds: teardownKinds(),
      timeoutMs: 30_000,
    });
    expect(again).toEqual({ deleted: [], remaining: [] });
    // eslint-disable-next-line no-console
    console.log(
      `Provisioned and tore down tenant ${slug} in ${Date.now() - started}ms`,
    );
  });

  it('fails a phase right away, with the reason, when a workload crash-loops', async () => {
    const faultySlug = `${slug}f`;
    const faultySpec = {
      ...spec,
      details: { ...spec.details, slug: faultySlug },
    };
    const faultyDeps = {
      ...deps,
      renderContext: createRenderContext({
        injectedFaults: { 'tenant-config': 'container-fail' },
      }),
    };
    const faultyContext = () =>
      createMockActionContext({
        input: {
          tenantId: `tenant-${faultySlug}`,
          cluster: CLUSTER,
          spec: faultySpec,
        } as any,
        logger: recordingLogger(),
      });
    const kubeConfig = await clusters.kubeConfig(CLUSTER);
    try {
      await createPhaseAction('namespace', faultyDeps).handler(faultyContext());
      const started = Date.now();
      await expect(
        createPhaseAction('control-plane', faultyDeps).handler(faultyContext()),
      ).rejects.toThrow(
        /Workload failed: deployment\/tenant-config \(pod\/tenant-config-.*CrashLoopBackOff/,
      );
      expect(Date.now() - started).toBeLessThan(60_000);
      const failed = events.find(
        e => e.phase === 'control-plane' && e.type === 'failed',
      );
      expect(failed?.message).toMatch(
        /^Phase control-plane failed: Workload failed: .*tenant-config/,
      );
    } finally {
      const teardown = await deleteLabelledObjects(kubeConfig, {
        labelSelector: tenantSelector(faultySlug),
        kinds: [
          { apiVersion: 'apps/v1', kind: 'Deployment' },
          { apiVersion: 'v1', kind: 'Namespace' },
        ],
        timeoutMs: 60_000,
      });
      expect(teardown.remaining).toEqual([]);
    }
  });

  it('dry-runs a phase without touching the cluster or the Tenant Service', async () => {
    const drySlug = `${slug}d`;
    const before = events.length;
    const lines: string[] = [];
    const ctx = {
      ...createMockActionContext({
        input: {
          tenantId: 'dry-run',
          cluster: CLUSTER,
          spec: { ...spec, details: { ...spec.details, slug: drySlug } },
        } as any,
        logger: {
          info: (m: string) => lines.push(m),
          warn: (m: string) => lines.push(m),
          error: (m: string) => lines.push(m),
          debug: () => {},
          child: () => ({} as any),
        } as any,
      }),
      isDryRun: true,
    };
    await createPhaseAction('namespace', deps).handler(ctx);
    await createPhaseAction('data-infrastructure', deps).handler(ctx);
    expect(lines).toContain(
      `Dry run: namespace/${tenantNamespaceName(drySlug)} would be created`,
    );
    expect(lines).toContain('Dry run: statefulset/postgres would be created');
    expect(events.length).toBe(before);
    const kubeConfig = await clusters.kubeConfig(CLUSTER);
    const k8s = await loadKubernetesClient();
    await expect(
      kubeConfig
        .makeApiClient(k8s.CoreV1Api)
        .readNamespace({ name: tenantNamespaceName(drySlug) }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
