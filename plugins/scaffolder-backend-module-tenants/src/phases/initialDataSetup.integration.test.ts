import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  computeResourceStatus,
  createRenderContext,
  decodeSecretData,
  detectDrift,
  loadKubernetesClient,
  renderDataSetupJobs,
  teardownTenant,
  tenantNamespaceName,
  type RenderContextOptions,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  LOCAL_TEST_CLUSTER,
  localTestClusters,
  uniqueSuffix,
} from '../__testUtils__/localCluster';
import { testTenantSpec } from '../__testUtils__/tenantSpec';
import { createPhaseAction } from '../actions/phaseActions';
import { faultInjectionFromConfig } from '../faultInjection/faultInjection';
import type { PhaseEvent } from '../TenantServiceClient';

/**
 * The initial data setup of the data-infrastructure phase on the local
 * cluster, where kwok completes a Job's pods after a delay (or fails them
 * with an injected fault): the Jobs run once the data stores are ready,
 * the task log and the Tenant Service get their lines, a failing Job fails
 * the phase with its reason, a retry after the fault is cleared completes,
 * and running the phase again changes nothing.
 */

jest.setTimeout(300_000);

const CLUSTER = LOCAL_TEST_CLUSTER;
const unique = uniqueSuffix();
const slug = `ds${unique}`;
const namespace = tenantNamespaceName(slug);
const faultsNamespace = `faults-ds-${unique}`;
const config = new ConfigReader({
  tenants: {
    clusters: localTestClusters(),
    provisioning: {
      faultInjection: {
        enabled: true,
        namespace: faultsNamespace,
        configMap: 'injected-faults',
      },
    },
  },
});
const clusters = ClusterRegistry.fromConfig(config);
const spec = testTenantSpec(slug, { dataSources: [] });

const initialData: RenderContextOptions['initialData'] = {
  postgres: {
    databases: [
      { name: 'analytics', schemas: ['raw', 'marts'] },
      { name: 'audit', schemas: ['events'] },
    ],
  },
  kafka: {
    topics: [
      { name: 'orders', partitions: 3, config: { 'retention.ms': 86400000 } },
      { name: 'events', partitions: 1 },
    ],
  },
  redis: { users: [{ name: 'cache', permissions: ['~cache:*', '+@read'] }] },
};
const renderContext = createRenderContext({ initialData });

const events: Array<{ phase: PhaseId } & PhaseEvent> = [];
const lines: string[] = [];
const deps = {
  clusters,
  tenantService: {
    reportPhase: async (_id: string, phase: PhaseId, event: PhaseEvent) => {
      events.push({ phase, ...event });
    },
  },
  renderContext,
  readinessTimeoutMs: 120_000,
  faultInjection: faultInjectionFromConfig(config)!,
};

function context(options: { dryRun?: boolean } = {}) {
  const log = (message: string) => {
    lines.push(String(message));
    if (process.env.TENANTS_TEST_VERBOSE) {
      process.stderr.write(`${new Date().toISOString()} ${message}\n`);
    }
  };
  const logger: any = {
    info: log,
    warn: log,
    error: log,
    debug: () => {},
    child: () => logger,
  };
  return {
    ...createMockActionContext({
      input: { tenantId: `tenant-${slug}`, cluster: CLUSTER, spec } as any,
      logger,
    }),
    isDryRun: Boolean(options.dryRun),
  };
}

const runPhase = (phase: 'namespace' | 'secrets' | 'data-infrastructure') =>
  createPhaseAction(phase, deps).handler(context());

async function api() {
  const k8s = await loadKubernetesClient();
  const kubeConfig = await clusters.kubeConfig(CLUSTER);
  return {
    core: kubeConfig.makeApiClient(k8s.CoreV1Api),
    batch: kubeConfig.makeApiClient(k8s.BatchV1Api),
    kubeConfig,
  };
}

async function setFaults(data: Record<string, string>) {
  const { core } = await api();
  const body = {
    metadata: { name: 'injected-faults', namespace: faultsNamespace },
    data,
  };
  try {
    await core.replaceNamespacedConfigMap({
      name: 'injected-faults',
      namespace: faultsNamespace,
      body,
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
    await core.createNamespacedConfigMap({ namespace: faultsNamespace, body });
  }
}

/** The tenant's Jobs, with their kind (listed items come without). */
async function liveJobs() {
  const { batch } = await api();
  return (await batch.listNamespacedJob({ namespace })).items.map(job => ({
    ...job,
    kind: 'Job',
  }));
}

describe('initial data setup on the local cluster', () => {
  beforeAll(async () => {
    const { core } = await api();
    await core.createNamespace({
      body: { metadata: { name: faultsNamespace } },
    });
  });

  afterAll(async () => {
    // Safety net if the test failed before its own teardown.
    const { core, kubeConfig } = await api();
    await teardownTenant(kubeConfig, { spec, timeoutMs: 90_000 });
    await core.deleteNamespace({ name: faultsNamespace }).catch(() => {});
  });

  it('fails phase 3 on a failing Job with its reason, completes on retry and is idempotent', async () => {
    const rendered = renderDataSetupJobs(spec, renderContext).map(
      job => job.metadata!.name!,
    );
    const [postgresJob, kafkaJob, redisJob] = rendered;
    await runPhase('namespace');
    await runPhase('secrets');

    // A Job whose container fails: the Job gives up after its retry.
    await setFaults({ [`${slug}.data-setup-postgres`]: 'container-fail' });
    const failing = Date.now();
    await expect(runPhase('data-infrastructure')).rejects.toThrow(
      /^Initial data setup failed: Workload failed: job\/data-setup-postgres-[0-9a-f]{8}: job failed: .*backoff limit.* \(pod\/data-setup-postgres-[0-9a-f]{8}-\w+: pod failed: container data-setup exited with code 1 \(Error\): Injected fault/,
    );
    expect(Date.now() - failing).toBeLessThan(100_000);
    const failed = events.filter(
      e => e.phase === 'data-infrastructure' && e.type === 'failed',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(
      /^Phase data-infrastructure failed: Initial data setup failed: .*job\/data-setup-postgres-/,
    );
    const faulted = (await liveJobs()).find(job =>
      job.metadata?.name?.startsWith('data-setup-postgres-'),
    )!;
    expect(faulted.metadata?.name).not.toBe(postgresJob);
    expect(computeResourceStatus(faulted).status).toBe('Failed');

    // The fault is cleared; "retry current phase" runs the phase again.
    await setFaults({});
    const retryFrom = lines.length;
    const reportedFrom = events.length;
    await expect(runPhase('data-infrastructure')).resolves.toBeUndefined();
    const retryLines = lines.slice(retryFrom);
    expect(retryLines).toContain(
      `job/${faulted.metadata?.name} deleted (failed)`,
    );
    const expectedLines = [
      'Initial data setup: 2 database(s), 3 schema(s), 2 topic(s), 1 Redis user(s)',
      `Initial data setup: job/${postgresJob} completed (2 database(s), 3 schema(s))`,
      `Initial data setup: job/${kafkaJob} completed (2 topic(s))`,
      `Initial data setup: job/${redisJob} completed (1 Redis user(s))`,
    ];
    for (const line of expectedLines) expect(retryLines).toContain(line);
    const reported = events
      .slice(reportedFrom)
      .filter(e => e.type === 'log')
      .map(e => e.message);
    for (const line of expectedLines) expect(reported).toContain(line);
    expect(
      events.filter(
        e => e.phase === 'data-infrastructure' && e.type === 'completed',
      ),
    ).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/initial data set up by 3 Job\(s\)$/),
      }),
    ]);

    // Exactly the rendered Jobs, complete; the failed one is gone.
    const jobs = await liveJobs();
    expect(jobs.map(job => job.metadata?.name).sort()).toEqual(
      [...rendered].sort(),
    );
    for (const job of jobs) {
      expect(computeResourceStatus(job)).toEqual({
        status: 'Current',
        message: 'job complete',
      });
    }

    // The Redis users' passwords are in a Secret, in no Job and no log line.
    const { core, kubeConfig } = await api();
    const users = decodeSecretData(
      (await core.readNamespacedSecret({ name: 'redis-users', namespace }))
        .data,
    );
    expect(Object.keys(users)).toEqual(['cache']);
    expect(users.cache).toHaveLength(43);
    expect(JSON.stringify(jobs)).not.toContain(users.cache);
    for (const line of [...lines, ...events.map(e => e.message ?? '')]) {
      expect(line.includes(users.cache)).toBe(false);
    }

    // Complete Jobs are not drift.
    const drift = await detectDrift(kubeConfig, spec, renderContext);
    expect(drift.state).not.toBe('unknown');
    const phase3 = (drift as { differences: any[] }).differences.filter(
      d => d.phase === 'data-infrastructure' || d.type === 'unexpected',
    );
    expect(phase3).toEqual([]);

    // Running the phase again changes nothing: no Job deleted, none run again.
    const before = jobs.map(job => job.metadata?.resourceVersion).sort();
    const againFrom = lines.length;
    await runPhase('data-infrastructure');
    const again = lines.slice(againFrom);
    expect(again.filter(l => / deleted \(/.test(l))).toEqual([]);
    expect(
      again.filter(l => /^job\//.test(l) && !l.endsWith(' unchanged')),
    ).toEqual([]);
    expect(
      (await liveJobs()).map(job => job.metadata?.resourceVersion).sort(),
    ).toEqual(before);

    // A dry run lists the Jobs.
    const dryFrom = lines.length;
    await createPhaseAction('data-infrastructure', deps).handler(
      context({ dryRun: true }),
    );
    expect(lines.slice(dryFrom)).toContain(
      `Dry run: Initial data setup: 2 database(s), 3 schema(s), 2 topic(s), 1 Redis user(s); would run ${rendered
        .map(name => `job/${name}`)
        .join(', ')} once the other workloads are ready`,
    );

    // Rollback's teardown, whose render context has no initial data, finds the Jobs.
    const teardown = await teardownTenant(kubeConfig, {
      spec,
      timeoutMs: 90_000,
    });
    expect(teardown.deleted).toEqual(
      expect.arrayContaining(
        rendered.map(name => `job/${name} in ${namespace}`),
      ),
    );
    expect(teardown.remaining).toEqual([]);
  });
});
