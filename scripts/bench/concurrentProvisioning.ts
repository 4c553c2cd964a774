/*
 * Concurrent provisioning benchmark (prints figures; not a test, never fails
 * on them).
 *
 * Starts the whole provisioning path in this process, as the full-stack
 * integration tests do (packages/backend/src/__testUtils__/fullStackBackend.ts):
 * the real scaffolder, the real tenant actions module
 * (@tenant-platform/backstage-plugin-scaffolder-backend-module-tenants) and the real
 * Tenant Service, on the product's database service (SQLite in memory as in
 * app-config.yaml, or PostgreSQL), against a local cluster whose pod ready
 * delay is fixed. Only the catalog (serving the tenant-provisioning template)
 * and the signals service (which this benchmark listens to) are stand-ins;
 * auth and permissions are the test backend's mocks.
 *
 * Then: provisions --baseline tenants one at a time (default 1; with more,
 * the first is reported apart as `first`, it pays for the process's warm-up),
 * then
 * --tenants at once (default 50): every task is created through
 * POST /api/scaffolder/v2/tasks in one burst. A tenant's duration runs from
 * its task request to the Tenant Service's `ready` signal for it; its queue
 * wait from the task request to its `provisioning` signal (first phase
 * started). Readiness is awaited through the signals the Tenant Service
 * publishes, never by polling or sleeping.
 *
 * Prints: ready/failed counts, p50/p95/max duration of the concurrent tenants
 * against the baseline, queue wait, kube-apiserver requests per tenant (every
 * request made through a ClusterRegistry KubeConfig, counted by wrapping
 * ClusterRegistry.prototype.kubeConfig with the provisioning benchmark's
 * RequestCounter), and this process's memory (RSS, heap) at rest after
 * start-up and at its peak under the load (sampled every 100 ms).
 *
 * Run it through scripts/bench.sh, or directly from the repository root:
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     scripts/bench/concurrentProvisioning.ts --kubeconfig <path> [--tenants 50]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { parse as parseYaml } from 'yaml';
import {
  provisioningSecrets,
  provisioningValues,
  teardownSpecFor,
} from '../../packages/backend/src/__testUtils__/provisioningValues';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  signalsServiceRef,
  type SignalsService,
} from '@backstage/plugin-signals-node';
import scaffolderModuleTenants from '@tenant-platform/backstage-plugin-scaffolder-backend-module-tenants';
import tenantsPlugin, {
  TenantGroups,
} from '@tenant-platform/backstage-plugin-tenants-backend';
import {
  ClusterRegistry,
  tenantNamespaceName,
  teardownTenant,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  breakdown,
  RequestCounter,
  type RecordedRequest,
} from '../../plugins/scaffolder-backend-module-tenants/bench/requestCounter';
import { table } from '../../plugins/scaffolder-backend-module-tenants/bench/report';

const CLUSTER = 'bench';
const ADMIN = 'user:default/platform-admin';
const clock = () => performance.now();

const { values: args } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    tenants: { type: 'string', default: '50' },
    baseline: { type: 'string', default: '1' },
    'task-limit': { type: 'string' },
    db: { type: 'string', default: 'sqlite' },
    'postgres-url': {
      type: 'string',
      default:
        process.env.TENANTS_BENCH_POSTGRES_URL ??
        'postgresql://postgres:postgres@127.0.0.1:54329',
    },
    'ready-delay-ms': { type: 'string' },
    'jitter-ms': { type: 'string' },
    'timeout-s': { type: 'string', default: '900' },
    'no-teardown': { type: 'boolean', default: false },
    'cluster-pids-dir': { type: 'string' },
    json: { type: 'string' },
  },
});

const log = (message: string) =>
  process.stderr.write(`[bench-concurrent] ${message}\n`);

// ---------------------------------------------------------------------------
// Memory

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
}
const zero = (): Memory => ({ rss: 0, heapUsed: 0, heapTotal: 0 });
let peak = zero();
function sampleMemory(): Memory {
  const m = process.memoryUsage();
  peak = {
    rss: Math.max(peak.rss, m.rss),
    heapUsed: Math.max(peak.heapUsed, m.heapUsed),
    heapTotal: Math.max(peak.heapTotal, m.heapTotal),
  };
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal };
}
function vmHWM(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// CPU: this process, and the local cluster's processes when their pid files
// are given (--cluster-pids-dir, e.g. <kwok workdir>/clusters/<name>/pids)

/** CPU seconds (user + system) by process name. */
function cpuSeconds(): Record<string, number> {
  const own = process.cpuUsage();
  const result: Record<string, number> = {
    backend: (own.user + own.system) / 1e6,
  };
  const dir = args['cluster-pids-dir'];
  if (!dir) return result;
  for (const file of readdirSync(dir).filter(f => f.endsWith('.pid'))) {
    try {
      const pid = readFileSync(join(dir, file), 'utf8').trim();
      // Fields after the parenthesised command: utime and stime are the
      // 12th and 13th (fields 14 and 15 of proc(5)), in clock ticks (100/s).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result[file.replace(/\.pid$/, '')] =
        (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not running
    }
  }
  return result;
}

const cpuDelta = (
  before: Record<string, number>,
  after: Record<string, number>,
) =>
  Object.fromEntries(
    Object.keys(after).map(k => [k, after[k] - (before[k] ?? 0)]),
  );

// ---------------------------------------------------------------------------
// Signals: the Tenant Service's tenant changes, in-process

type Signal = Parameters<SignalsService['publish']>[0];
type Listener = (signal: Signal, at: number) => void;
const listeners = new Set<Listener>();
const signalsFactory = createServiceFactory({
  service: signalsServiceRef,
  deps: {},
  factory: () => ({
    async publish(signal: Signal) {
      const at = clock();
      for (const listener of listeners) listener(signal, at);
    },
  }),
});

// ---------------------------------------------------------------------------

/**
 * The tenant of the sequential provisioning benchmark
 * (plugins/scaffolder-backend-module-tenants/bench): the template's default
 * modules (core, bi, contextGraph), small, one data source.
 */
const valuesFor = (slug: string) =>
  provisioningValues(slug, {
    name: `Benchmark ${slug}`,
    moduleBi: true,
    moduleContextGraph: true,
    mfaPolicy: 'optional',
  });

interface TenantTiming {
  slug: string;
  requestedAt: number;
  taskId?: string;
  tenantId?: string;
  provisioningAt?: number;
  readyAt?: number;
  failedAt?: number;
  error?: string;
}

interface RunResult {
  name: string;
  tenants: TenantTiming[];
  startedAt: number;
  endedAt: number;
  requests: RecordedRequest[];
  memoryBefore: Memory;
  memoryPeak: Memory;
  loadavg: [number, number];
  /** CPU seconds spent during the run, by process. */
  cpu: Record<string, number>;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};
const durationOf = (t: TenantTiming) =>
  t.readyAt === undefined ? undefined : t.readyAt - t.requestedAt;
const queueOf = (t: TenantTiming) =>
  t.provisioningAt === undefined ? undefined : t.provisioningAt - t.requestedAt;
const defined = (values: Array<number | undefined>) =>
  values.filter((v): v is number => v !== undefined);
const s = (value: number) =>
  Number.isFinite(value) ? (value / 1000).toFixed(1) : '-';
const mb = (bytes: number | undefined) =>
  bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(0);

async function main() {
  const kubeconfigPath = args.kubeconfig ?? process.env.KUBECONFIG;
  if (!kubeconfigPath) throw new Error('--kubeconfig <path> is required');
  const tenantCount = Number(args.tenants);
  const baselineCount = Number(args.baseline);
  const timeoutMs = Number(args['timeout-s']) * 1000;
  const taskLimit =
    args['task-limit'] === undefined ? undefined : Number(args['task-limit']);

  // Every KubeConfig the provisioning code gets from a ClusterRegistry counts
  // its requests (a new KubeConfig per call, so none is wrapped twice).
  const counter = new RequestCounter(clock);
  counter.scope = 'start-up';
  const kubeConfigOf = ClusterRegistry.prototype.kubeConfig;
  ClusterRegistry.prototype.kubeConfig = async function kubeConfig(
    this: ClusterRegistry,
    name: string,
  ) {
    return counter.instrument(await kubeConfigOf.call(this, name));
  };

  const database =
    args.db === 'postgres'
      ? {
          client: 'pg',
          connection: args['postgres-url'],
          prefix: 'tenants_bench_prov_',
        }
      : args.db === 'sqlite'
      ? { client: 'better-sqlite3', connection: ':memory:' }
      : undefined;
  if (!database) throw new Error(`--db must be sqlite or postgres`);
  const dropPostgres = async () => {
    if (args.db !== 'postgres') return;
    const admin = knexFactory({
      client: 'pg',
      connection: args['postgres-url'],
    });
    try {
      for (const plugin of ['scaffolder', 'tenants']) {
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [
          `tenants_bench_prov_${plugin}`,
        ]);
      }
    } finally {
      await admin.destroy();
    }
  };
  await dropPostgres();

  const template = parseYaml(
    readFileSync(
      resolve(
        __dirname,
        '../../plugins/tenants-backend/templates/tenant-provisioning/template.yaml',
      ),
      'utf8',
    ),
  ) as Entity;
  const config = {
    backend: { database },
    ...(taskLimit === undefined
      ? {}
      : { scaffolder: { concurrentTasksLimit: taskLimit } }),
    tenants: {
      clusters: [
        {
          name: CLUSTER,
          provider: 'azure',
          regions: ['westeurope'],
          kubeconfigPath,
          preferred: true,
        },
      ],
      provisioning: { readinessTimeoutSeconds: 600 },
      // A scheduled drift round would add its requests to the tenants'.
      drift: { enabled: false },
    },
  };

  const memorySampler = setInterval(sampleMemory, 100);
  const startedAt = clock();
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleTenants,
      tenantsPlugin,
      signalsFactory,
      catalogServiceMock.factory({ entities: [template] }),
      databaseServiceFactory,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const address = backend.server.address();
  if (!address || typeof address === 'string') {
    throw new Error(`the test backend listens on ${address}`);
  }
  const base = `http://127.0.0.1:${address.port}`;
  const authorization = mockCredentials.user.header(ADMIN);
  log(
    `backend up in ${Math.round(clock() - startedAt)} ms on ${base} (${
      args.db
    }, scaffolder concurrentTasksLimit ${taskLimit ?? 'default (10)'})`,
  );
  // At rest: after a full garbage collection when run with --expose-gc (as
  // scripts/bench.sh does), so that the heap is what the backend holds.
  (globalThis as { gc?: () => void }).gc?.();
  const memoryAtRest = sampleMemory();

  const runId = Date.now().toString(36);
  const allSlugs: string[] = [];
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => abort.abort(new Error(`interrupted by ${sig}`)));
  }

  /** Starts `count` tenants at once; resolves when every one is ready or failed. */
  async function provision(name: string, count: number): Promise<RunResult> {
    const slugs = Array.from(
      { length: count },
      (_, i) => `bench${runId}${name[0]}${allSlugs.length + i}`,
    );
    allSlugs.push(...slugs);
    const byGroup = new Map(
      slugs.map(
        slug =>
          [
            stringifyEntityRef(TenantGroups.defaults.tenantAdminGroupOf(slug)),
            slug,
          ] as const,
      ),
    );
    const timings = new Map<string, TenantTiming>();
    let settled = 0;
    let done!: () => void;
    const allSettled = new Promise<void>(r => {
      done = r;
    });
    const settle = () => {
      if (++settled === count) done();
    };
    const listener: Listener = (signal, at) => {
      const refs = (signal.recipients as { entityRef?: string[] }).entityRef;
      const slug = refs?.map(r => byGroup.get(r)).find(Boolean);
      if (!slug) return;
      const t = timings.get(slug)!;
      const message = signal.message as { tenantId: string; state: string };
      t.tenantId = message.tenantId;
      if (message.state === 'provisioning') t.provisioningAt ??= at;
      if (message.state === 'ready' && t.readyAt === undefined) {
        t.readyAt = at;
        settle();
      }
      if (message.state === 'failed' && t.failedAt === undefined) {
        t.failedAt = at;
        settle();
      }
    };
    listeners.add(listener);

    counter.scope = name;
    const loadBefore = loadavg()[0];
    peak = zero();
    const memoryBefore = sampleMemory();
    const cpuBefore = cpuSeconds();
    const runStarted = clock();
    log(`${name}: ${count} tenant(s) at once`);
    await Promise.all(
      slugs.map(async slug => {
        const t: TenantTiming = { slug, requestedAt: clock() };
        timings.set(slug, t);
        try {
          const response = await fetch(`${base}/api/scaffolder/v2/tasks`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              templateRef: 'template:default/tenant-provisioning',
              values: valuesFor(slug),
              secrets: provisioningSecrets(`bench-${slug}`),
            }),
          });
          const body = await response.json();
          if (response.status !== 201) {
            throw new Error(`${response.status} ${JSON.stringify(body)}`);
          }
          t.taskId = body.id;
        } catch (error) {
          t.error = `task not created: ${error}`;
          t.failedAt = clock();
          settle();
        }
      }),
    );
    const timeout = new Promise<'timeout'>(r =>
      setTimeout(() => r('timeout'), timeoutMs).unref(),
    );
    const aborted = new Promise<'aborted'>(r =>
      abort.signal.addEventListener('abort', () => r('aborted')),
    );
    const outcome = await Promise.race([allSettled, timeout, aborted]);
    listeners.delete(listener);
    const endedAt = clock();
    const cpu = cpuDelta(cpuBefore, cpuSeconds());
    const tenants = [...timings.values()];
    if (outcome) {
      log(`${name}: ${outcome} with ${count - settled} tenant(s) unsettled`);
    }
    // Why the tenants that did not become ready did not: their task status.
    for (const t of tenants.filter(x => x.readyAt === undefined && x.taskId)) {
      const task = await fetch(`${base}/api/scaffolder/v2/tasks/${t.taskId}`, {
        headers: { authorization },
      }).then(r => r.json());
      const events: Array<{ type: string; body: { message?: string } }> =
        await fetch(`${base}/api/scaffolder/v2/tasks/${t.taskId}/events`, {
          headers: { authorization },
        }).then(r => r.json());
      const last = events
        .filter(e => e.type === 'log' && e.body.message)
        .slice(-2)
        .map(e => e.body.message!.replace(/\s+/g, ' ').slice(0, 300));
      t.error ??= `task ${task.status}: ${last.join(' | ')}`;
    }
    const result: RunResult = {
      name,
      tenants,
      startedAt: runStarted,
      endedAt,
      requests: counter.where(scope => scope === name),
      memoryBefore,
      memoryPeak: { ...peak },
      loadavg: [loadBefore, loadavg()[0]],
      cpu,
    };
    const ready = tenants.filter(x => x.readyAt !== undefined).length;
    log(
      `${name}: ${ready}/${count} ready in ${s(endedAt - runStarted)} s, ${
        result.requests.length
      } kube API requests`,
    );
    return result;
  }

  const results: RunResult[] = [];
  const loadAtStart = loadavg()[0];
  try {
    for (let i = 0; i < baselineCount && !abort.signal.aborted; i++) {
      // The process's first task also pays for its warm-up (compiling, first
      // connections, discovery): reported apart, not as the baseline.
      const name = i === 0 && baselineCount > 1 ? 'first' : 'baseline';
      results.push(await provision(name, 1));
    }
    if (!abort.signal.aborted) {
      results.push(await provision(`concurrent`, tenantCount));
    }
  } finally {
    counter.scope = 'teardown';
    clearInterval(memorySampler);
    await backend.stop().catch(e => log(`backend stop: ${e}`));
    if (!args['no-teardown']) {
      const t0 = clock();
      log(`tearing down ${allSlugs.length} tenant(s)`);
      const kubeConfig = await kubeConfigOf.call(
        ClusterRegistry.fromConfig(mockServices.rootConfig({ data: config })),
        CLUSTER,
      );
      const outcomes = await Promise.allSettled(
        allSlugs.map(slug =>
          teardownTenant(kubeConfig, {
            spec: teardownSpecFor(slug),
            timeoutMs: 300_000,
          }),
        ),
      );
      const left = outcomes.flatMap((o, i) =>
        o.status === 'rejected'
          ? [`${allSlugs[i]}: ${o.reason}`]
          : o.value.remaining.map(r => `${allSlugs[i]}: ${JSON.stringify(r)}`),
      );
      log(
        left.length
          ? `teardown left ${left.length}: ${left.slice(0, 5).join('; ')}`
          : `teardown complete in ${s(clock() - t0)} s`,
      );
    }
    await dropPostgres().catch(e => log(`dropping databases: ${e}`));
  }

  for (const line of report(results, {
    loadAtStart,
    memoryAtRest,
    taskLimit,
  })) {
    process.stdout.write(`${line}\n`);
  }
  if (args.json) {
    writeFileSync(
      args.json,
      `${JSON.stringify(
        summarize(results, memoryAtRest, taskLimit),
        null,
        2,
      )}\n`,
    );
  }
}

/** Requests whose path lies in the tenant's namespace. */
const inNamespace = (slug: string) => {
  const ns = `/namespaces/${tenantNamespaceName(slug)}`;
  return (r: RecordedRequest) =>
    r.path.includes(`${ns}/`) || r.path.endsWith(ns);
};

function figures(run: RunResult) {
  const durations = defined(run.tenants.map(durationOf));
  const queues = defined(run.tenants.map(queueOf));
  const ready = run.tenants.filter(t => t.readyAt !== undefined).length;
  const namespaced = run.tenants.map(
    t => run.requests.filter(inNamespace(t.slug)).length,
  );
  return {
    name: run.name,
    tenants: run.tenants.length,
    ready,
    failed: run.tenants.length - ready,
    errors: run.tenants.filter(t => t.error).map(t => `${t.slug}: ${t.error}`),
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    max: Math.max(...durations),
    queueP50: percentile(queues, 50),
    queueMax: Math.max(...queues),
    wallMs: run.endedAt - run.startedAt,
    requests: run.requests.length,
    requestsPerTenant: run.requests.length / run.tenants.length,
    namespacedPerTenant: percentile(namespaced, 50),
    memoryBefore: run.memoryBefore,
    memoryPeak: run.memoryPeak,
    loadavg: run.loadavg,
    cpuSeconds: run.cpu,
    cpuSecondsPerTenant: Object.fromEntries(
      Object.entries(run.cpu).map(([k, v]) => [k, v / run.tenants.length]),
    ),
  };
}

function summarize(
  results: RunResult[],
  memoryAtRest: Memory,
  taskLimit: number | undefined,
) {
  return {
    config: args,
    taskLimit: taskLimit ?? null,
    memoryAtRest,
    vmHWM: vmHWM(),
    cpus: cpus().length,
    runs: results.map(figures),
  };
}

function report(
  results: RunResult[],
  context: {
    loadAtStart: number;
    memoryAtRest: Memory;
    taskLimit: number | undefined;
  },
): string[] {
  const runs = results.map(figures);
  const baseline = runs.filter(r => r.name === 'baseline');
  const baselineMs = percentile(
    baseline.map(r => r.p50),
    50,
  );
  const out = [
    '',
    `Concurrent provisioning benchmark: scaffolder + tenant actions + Tenant Service in one process (${
      args.db
    }), scaffolder concurrentTasksLimit ${
      context.taskLimit ?? '10 (the default; app-config sets none)'
    }; pod ready delay ${args['ready-delay-ms'] ?? '?'} ms, jitter ${
      args['jitter-ms'] ?? '?'
    } ms`,
    `Machine: ${
      cpus().length
    } CPU(s); 1-minute load average ${context.loadAtStart.toFixed(
      1,
    )} at the start, ${loadavg()[0].toFixed(1)} at the end`,
    '',
    ...table([
      [
        'run',
        'tenants',
        'ready',
        'failed',
        'p50 s',
        'p95 s',
        'max s',
        'p50/base',
        'p95/base',
        'queue p50 s',
        'queue max s',
        'all ready s',
        'kube req/tenant',
        'load',
      ],
      ...runs.map(r => [
        r.name,
        String(r.tenants),
        String(r.ready),
        String(r.failed),
        s(r.p50),
        s(r.p95),
        s(r.max),
        (r.p50 / baselineMs).toFixed(2),
        (r.p95 / baselineMs).toFixed(2),
        s(r.queueP50),
        s(r.queueMax),
        s(r.wallMs),
        r.requestsPerTenant.toFixed(0),
        `${r.loadavg[0].toFixed(1)}->${r.loadavg[1].toFixed(1)}`,
      ]),
    ]),
    '',
    'duration = task request -> Tenant Service `ready` signal; queue = task request -> `provisioning` signal (first phase started);',
    'kube req/tenant = every kube-apiserver request of the run / tenants (in the tenant namespace alone, median: ' +
      runs.map(r => `${r.name} ${r.namespacedPerTenant}`).join(', ') +
      ')',
    '',
    `Memory of the backend process: at rest after start-up RSS ${mb(
      context.memoryAtRest.rss,
    )} MB, heap used ${mb(context.memoryAtRest.heapUsed)} MB`,
    ...runs.map(
      r =>
        `  ${r.name}: before RSS ${mb(r.memoryBefore.rss)} MB, heap ${mb(
          r.memoryBefore.heapUsed,
        )} MB; peak under the load RSS ${mb(r.memoryPeak.rss)} MB, heap ${mb(
          r.memoryPeak.heapUsed,
        )} MB`,
    ),
    `  VmHWM (process lifetime peak RSS): ${mb(vmHWM())} MB`,
    '',
    'CPU seconds per tenant by process (user + system, during the run):',
    ...table([
      ['run', ...Object.keys(runs[0]?.cpuSecondsPerTenant ?? {}), 'sum'],
      ...runs.map(r => [
        r.name,
        ...Object.values(r.cpuSecondsPerTenant).map(v => v.toFixed(2)),
        Object.values(r.cpuSecondsPerTenant)
          .reduce((a, b) => a + b, 0)
          .toFixed(2),
      ]),
    ]),
  ];
  const concurrent = results.find(r => r.name === 'concurrent');
  if (concurrent) {
    const perTenant = breakdown(concurrent.requests)
      .slice(0, 12)
      .map(b => [b.key, (b.count / concurrent.tenants.length).toFixed(1)]);
    out.push(
      '',
      `kube-apiserver requests per tenant of the concurrent run by verb and resource (top 12):`,
      ...table([['verb resource', 'per tenant'], ...perTenant]),
    );
  }
  const errors = runs.flatMap(r => r.errors);
  if (errors.length) {
    out.push(
      '',
      `Not ready (${errors.length}):`,
      ...errors.slice(0, 20).map(e => `  ${e}`),
    );
  }
  return out;
}

main()
  .catch(error => {
    process.stderr.write(
      `[bench-concurrent] failed: ${String(error?.stack ?? error).slice(
        0,
        3000,
      )}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => {
    // Whatever a stopped backend leaves open (sockets, timers) must not keep
    // the benchmark alive.
    setTimeout(() => process.exit(), 5000).unref();
  });
