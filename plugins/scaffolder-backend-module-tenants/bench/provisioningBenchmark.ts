/*
 * Provisioning benchmark: provisions N tenants, one after the other, through
 * the real scaffolder phase actions (every phase of APPLY_PHASES, then
 * validation) against a local cluster whose pod ready delay is fixed, and
 * prints:
 *
 *   - wall time per tenant: first phase start -> validation end;
 *   - critical path per tenant: the sum over phases of the slowest readiness
 *     of the phase's workloads (workload creation -> Current by kstatus, as
 *     seen by an independent watch); phases without workloads add 0;
 *   - their ratio (target <= 1.03 for the phase actions alone; reported, never failed on);
 *   - the HTTP requests the provisioning code made to the kube-apiserver per
 *     tenant (watches included, the benchmark's own watch excluded), by verb
 *     and resource and by phase.
 *
 * Not a test: run it through scripts/bench-provisioning.sh, or directly with
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     bench/provisioningBenchmark.ts --kubeconfig <path> [--tenants 3]
 * from plugins/scaffolder-backend-module-tenants.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ConfigReader } from '@backstage/config';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APPLY_PHASES,
  ClusterRegistry,
  createRenderContext,
  deleteLabelledObjects,
  renderAllPhases,
  tenantNamespaceName,
  tenantSelector,
  type TeardownKind,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { tenantSecrets, testTenantSpec } from '../src/__testUtils__/tenantSpec';
import { createPhaseAction } from '../src/actions/phaseActions';
import { createValidationAction } from '../src/actions/tenantValidation';
import type { PhaseEvent } from '../src/TenantServiceClient';
import { ReadinessWatch } from './readinessWatch';
import {
  breakdown,
  RequestCounter,
  type RecordedRequest,
} from './requestCounter';
import { ms, ratio, summary, median, table } from './report';

const RATIO_TARGET = 1.03;
const CLUSTER = 'bench';
const clock = () => performance.now();

const { values: args } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    tenants: { type: 'string', default: '3' },
    'ready-delay-ms': { type: 'string' },
    'jitter-ms': { type: 'string' },
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

interface WorkloadResult {
  ref: string;
  createdAt: number;
  currentAt?: number;
  readinessMs?: number;
}

interface PhaseResult {
  phase: string;
  start: number;
  /** When the phase reported `Applied: ...` (its apply finished). */
  appliedAt?: number;
  end: number;
  workloads: WorkloadResult[];
  requests: RecordedRequest[];
}

interface TenantResult {
  slug: string;
  phases: PhaseResult[];
  wallMs: number;
  criticalPathMs: number;
  ratio: number;
  requests: RecordedRequest[];
}

/** Every kind the tenant's phases render, newest phase first, Namespace last. */
function teardownKinds(spec: TenantSpec): TeardownKind[] {
  const seen = new Map<string, TeardownKind>();
  for (const { objects } of renderAllPhases(
    spec,
    createRenderContext(),
  ).reverse()) {
    for (const obj of objects) {
      if (obj.kind === 'Namespace') continue;
      seen.set(`${obj.apiVersion}/${obj.kind}`, {
        apiVersion: obj.apiVersion!,
        kind: obj.kind!,
      });
    }
  }
  return [
    ...seen.values(),
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
    { apiVersion: 'v1', kind: 'Namespace' },
  ];
}

function registry(kubeconfigPath: string) {
  return ClusterRegistry.fromConfig(
    new ConfigReader({
      tenants: {
        clusters: [
          {
            name: CLUSTER,
            provider: 'azure',
            regions: ['westeurope'],
            kubeconfigPath,
          },
        ],
      },
    }),
  );
}

async function main() {
  const kubeconfigPath = args.kubeconfig ?? process.env.KUBECONFIG;
  if (!kubeconfigPath) {
    throw new Error('--kubeconfig <path> (or KUBECONFIG) is required');
  }
  const tenantCount = Number(args.tenants);
  if (!Number.isInteger(tenantCount) || tenantCount < 1) {
    throw new Error(
      `--tenants must be a positive integer, got ${args.tenants}`,
    );
  }

  // The provisioning code gets KubeConfigs that count their requests; the
  // benchmark's own watch and teardown use an uncounted one.
  const counter = new RequestCounter(clock);
  const clusters = registry(kubeconfigPath);
  const kubeConfigOf = clusters.kubeConfig.bind(clusters);
  clusters.kubeConfig = async (name: string) =>
    counter.instrument(await kubeConfigOf(name));
  const benchKubeConfig = await registry(kubeconfigPath).kubeConfig(CLUSTER);
  const server = benchKubeConfig.getCurrentCluster()?.server;

  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping, then tearing down`);
      abort.abort(new Error(`interrupted by ${signal}`));
    });
  }

  let phaseEvents: Array<{
    phase: string;
    type: string;
    message?: string;
    at: number;
  }> = [];
  const tenantService = {
    reportPhase: async (
      _tenantId: string,
      phase: string,
      event: PhaseEvent,
    ) => {
      phaseEvents.push({
        phase,
        type: event.type,
        message: event.message,
        at: clock(),
      });
    },
  };
  const renderContext = createRenderContext();
  const deps = {
    clusters,
    tenantService,
    renderContext,
    readinessTimeoutMs: 180_000,
  };
  const actions = [
    ...APPLY_PHASES.map(phase => ({
      phase: phase as string,
      action: createPhaseAction(phase, deps),
    })),
    { phase: 'validation', action: createValidationAction(deps) },
  ];

  // `<kind>/<name> created` lines of the phase actions: when apply returned.
  let appliedRefs = new Map<string, number>();
  const logLine = (level: string) => (message: string) => {
    const at = clock();
    const match =
      /^((?:deployment|statefulset)\/\S+) (created|configured|unchanged)$/.exec(
        String(message),
      );
    if (match && !appliedRefs.has(match[1])) appliedRefs.set(match[1], at);
    if (args.verbose) process.stderr.write(`  ${ms(at)} ${level} ${message}\n`);
  };
  const logger = {
    info: logLine('info'),
    warn: logLine('warn'),
    error: logLine('error'),
    debug: () => {},
    child: () => logger,
  };

  const runId = Date.now().toString(36);
  const results: TenantResult[] = [];
  const provisioned: TenantSpec[] = [];
  log(
    `cluster ${server}; ${tenantCount} tenant(s), sequential; pod ready delay ${
      args['ready-delay-ms'] ?? '?'
    } ms, jitter ${args['jitter-ms'] ?? '?'} ms`,
  );

  const loadAtStart = loadavg()[0];
  let loadAtEnd = NaN;
  try {
    for (let i = 0; i < tenantCount; i++) {
      const slug = `bench${runId}${i}`;
      const spec = testTenantSpec(slug);
      const namespace = tenantNamespaceName(slug);
      provisioned.push(spec);
      phaseEvents = [];
      appliedRefs = new Map();
      const watch = await ReadinessWatch.start(
        benchKubeConfig,
        namespace,
        tenantSelector(slug),
        clock,
      );
      log(`tenant ${i + 1}/${tenantCount}: ${slug}`);
      const phases: PhaseResult[] = [];
      try {
        for (const { phase, action } of actions) {
          counter.scope = `${slug} ${phase}`;
          const ctx = {
            input: { tenantId: `tenant-${slug}`, cluster: CLUSTER, spec },
            secrets: tenantSecrets(`bench-${slug}`),
            logger,
            checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
            output: () => {},
            isDryRun: false,
            signal: abort.signal,
            task: { id: `bench-${slug}` },
            step: { id: phase, name: phase },
          } as unknown as Parameters<typeof action.handler>[0];
          const start = clock();
          await action.handler(ctx);
          const end = clock();
          phases.push({
            phase,
            start,
            end,
            appliedAt: phaseEvents.find(
              e =>
                e.phase === phase &&
                e.type === 'log' &&
                e.message?.startsWith('Applied:'),
            )?.at,
            workloads: [],
            requests: counter.where(s => s === `${slug} ${phase}`),
          });
        }
      } finally {
        counter.scope = 'bench';
        watch.stop();
      }
      if (watch.errors.length) log(`watch errors: ${watch.errors.join('; ')}`);

      for (const timing of watch.timings.values()) {
        const ref = `${timing.kind.toLowerCase()}/${timing.name}`;
        const phase = phases.find(p => p.phase === timing.phase);
        if (!phase)
          throw new Error(`${ref} has no known phase label (${timing.phase})`);
        const createdAt = Math.min(
          timing.firstSeenAt,
          appliedRefs.get(ref) ?? Infinity,
        );
        phase.workloads.push({
          ref,
          createdAt,
          currentAt: timing.currentSince,
          readinessMs:
            timing.currentSince === undefined
              ? undefined
              : timing.currentSince - createdAt,
        });
      }
      const notReady = phases.flatMap(p =>
        p.workloads.filter(w => w.readinessMs === undefined).map(w => w.ref),
      );
      if (notReady.length) {
        throw new Error(
          `the benchmark's watch never saw Current: ${notReady.join(', ')}`,
        );
      }
      const wallMs = phases[phases.length - 1].end - phases[0].start;
      const criticalPathMs = phases.reduce((sum, p) => sum + readinessOf(p), 0);
      const result: TenantResult = {
        slug,
        phases,
        wallMs,
        criticalPathMs,
        ratio: wallMs / criticalPathMs,
        requests: counter.where(s => s.startsWith(`${slug} `)),
      };
      results.push(result);
      log(
        `  wall ${ms(wallMs)} ms, critical path ${ms(
          criticalPathMs,
        )} ms, ratio ${ratio(result.ratio)}, ${
          result.requests.length
        } API requests`,
      );
    }
    loadAtEnd = loadavg()[0];
  } finally {
    process.exitCode = 1; // until the report is printed
    const started = clock();
    log(`tearing down ${provisioned.length} tenant(s)`);
    const teardowns = await Promise.allSettled(
      provisioned.map(spec =>
        deleteLabelledObjects(benchKubeConfig, {
          labelSelector: tenantSelector(spec.details.slug),
          kinds: teardownKinds(spec),
          timeoutMs: 180_000,
        }),
      ),
    );
    const leftovers = teardowns.flatMap((t, i) =>
      t.status === 'rejected'
        ? [`${provisioned[i].details.slug}: ${t.reason}`]
        : t.value.remaining,
    );
    if (leftovers.length) log(`teardown left: ${leftovers.join('; ')}`);
    else log(`teardown complete in ${ms(clock() - started)} ms`);
  }

  if (args.trace) {
    for (const r of results) {
      const t0 = r.phases[0].start;
      for (const q of r.requests) {
        process.stderr.write(
          `  ${r.slug} +${ms(q.at - t0).padStart(6)} ms ${q.scope
            .split(' ')[1]
            .padEnd(20)} ${q.verb} ${q.path}\n`,
        );
      }
    }
  }
  for (const line of report(results, loadAtStart, loadAtEnd))
    process.stdout.write(`${line}\n`);
  if (args.json) {
    writeFileSync(
      args.json,
      `${JSON.stringify({ config: args, results }, null, 2)}\n`,
    );
    log(`raw results written to ${args.json}`);
  }
  process.exitCode = 0;
}

function readinessOf(phase: PhaseResult): number {
  return Math.max(0, ...phase.workloads.map(w => w.readinessMs ?? 0));
}

function slowestOf(phase: PhaseResult): string {
  const slowest = [...phase.workloads].sort(
    (a, b) => (b.readinessMs ?? 0) - (a.readinessMs ?? 0),
  )[0];
  return slowest ? slowest.ref : '-';
}

function report(
  results: TenantResult[],
  loadAtStart: number,
  loadAtEnd: number,
): string[] {
  const out: string[] = [];
  const delay = args['ready-delay-ms'];
  const delayNote = delay
    ? `; pod ready delay ${delay} ms, jitter ${args['jitter-ms'] ?? '?'} ms`
    : '';
  out.push(
    '',
    `Provisioning benchmark: ${results.length} tenant(s) provisioned sequentially through the phase actions${delayNote}`,
    `Machine: ${
      cpus().length
    } CPU(s); 1-minute load average ${loadAtStart.toFixed(
      1,
    )} before the first tenant, ${loadAtEnd.toFixed(1)} after the last`,
    '',
  );

  // Every object is applied with one server-side apply (a PATCH).
  const objectsOf = (r: TenantResult) =>
    r.requests.filter(q => q.verb === 'patch').length;
  const perObject = (r: TenantResult) => r.requests.length / objectsOf(r);
  const tenantRows = results.map(r => [
    r.slug,
    ms(r.wallMs),
    ms(r.criticalPathMs),
    ms(r.wallMs - r.criticalPathMs),
    ratio(r.ratio),
    String(r.requests.length),
    String(objectsOf(r)),
    perObject(r).toFixed(2),
  ]);
  const stat = (name: 'min' | 'median' | 'max') => {
    const pick = (values: number[]) => summary(values)[name];
    return [
      name,
      ms(pick(results.map(r => r.wallMs))),
      ms(pick(results.map(r => r.criticalPathMs))),
      ms(pick(results.map(r => r.wallMs - r.criticalPathMs))),
      ratio(pick(results.map(r => r.ratio))),
      String(pick(results.map(r => r.requests.length))),
      String(pick(results.map(objectsOf))),
      pick(results.map(perObject)).toFixed(2),
    ];
  };
  out.push(
    ...table([
      [
        'tenant',
        'wall ms',
        'critical path ms',
        'overhead ms',
        'ratio',
        'API requests',
        'objects applied',
        'requests / object',
      ],
      ...tenantRows,
      ['', '', '', '', '', '', '', ''],
      stat('min'),
      stat('median'),
      stat('max'),
    ]),
  );
  const met = results.filter(r => r.ratio <= RATIO_TARGET).length;
  const medianRatio = median(results.map(r => r.ratio));
  out.push(
    '',
    `Target wall / critical path <= ${RATIO_TARGET} (median): ${
      medianRatio <= RATIO_TARGET ? 'MET' : 'NOT MET'
    } (median ratio ${ratio(medianRatio)}; ${met}/${
      results.length
    } tenants within)`,
    '',
  );

  // Per phase, median over tenants.
  const phaseNames = results[0].phases.map(p => p.phase);
  const perPhase =
    (fn: (p: PhaseResult) => number | undefined) => (phase: string) =>
      median(
        results
          .map(r => fn(r.phases.find(p => p.phase === phase)!))
          .filter((v): v is number => v !== undefined),
      );
  const applyMs = perPhase(p =>
    p.appliedAt === undefined ? undefined : p.appliedAt - p.start,
  );
  const readinessMs = perPhase(readinessOf);
  const waitMs = perPhase(p =>
    p.appliedAt === undefined ? undefined : p.end - p.appliedAt,
  );
  const overheadMs = perPhase(p => p.end - p.start - readinessOf(p));
  const wallMs = perPhase(p => p.end - p.start);
  const requests = perPhase(p => p.requests.length);
  const first = (phase: string) =>
    results[0].phases.find(p => p.phase === phase)!;
  out.push(
    'Per phase (median over tenants; readiness = slowest workload, creation -> Current; overhead = phase wall - readiness):',
    ...table([
      [
        'phase',
        'workloads',
        'slowest',
        'apply ms',
        'readiness ms',
        'wait after apply ms',
        'overhead ms',
        'phase wall ms',
        'requests',
      ],
      ...phaseNames.map(phase => [
        phase,
        String(first(phase).workloads.length),
        slowestOf(first(phase)),
        ms(applyMs(phase)),
        ms(readinessMs(phase)),
        ms(waitMs(phase)),
        ms(overheadMs(phase)),
        ms(wallMs(phase)),
        String(requests(phase)),
      ]),
      [
        'sum',
        String(phaseNames.reduce((s, p) => s + first(p).workloads.length, 0)),
        '',
        ms(phaseNames.reduce((s, p) => s + (applyMs(p) || 0), 0)),
        ms(phaseNames.reduce((s, p) => s + readinessMs(p), 0)),
        ms(phaseNames.reduce((s, p) => s + (waitMs(p) || 0), 0)),
        ms(phaseNames.reduce((s, p) => s + overheadMs(p), 0)),
        ms(phaseNames.reduce((s, p) => s + wallMs(p), 0)),
        String(phaseNames.reduce((s, p) => s + requests(p), 0)),
      ],
    ]),
    '',
  );

  const workloadReadiness = results.flatMap(r =>
    r.phases.flatMap(p => p.workloads.map(w => w.readinessMs!)),
  );
  const w = summary(workloadReadiness);
  out.push(
    `Workload readiness (creation -> Current, all ${
      workloadReadiness.length
    } workloads): min ${ms(w.min)} ms, median ${ms(w.median)} ms, max ${ms(
      w.max,
    )} ms`,
    '',
  );

  // Requests by verb and resource, median per tenant.
  const keys = [
    ...new Set(results.flatMap(r => breakdown(r.requests).map(b => b.key))),
  ];
  const rows = keys
    .map(key => ({
      key,
      count: median(
        results.map(
          r => breakdown(r.requests).find(b => b.key === key)?.count ?? 0,
        ),
      ),
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  out.push(
    'API requests per tenant by verb and resource (median over tenants):',
    ...table([
      ['verb resource', 'requests'],
      ...rows.map(r => [r.key, String(r.count)]),
      ['total', String(median(results.map(r => r.requests.length)))],
    ]),
  );
  return out;
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
