/*
 * Drift check benchmark (prints figures; not a test, never fails on them).
 *
 * How long one scheduled drift round takes over N tenants on one cluster, and
 * how many kube-apiserver requests a tenant's check makes:
 *
 * 1. Cluster: the local cluster of tools/local-cluster named by
 *    --cluster-name (default $LOCAL_CLUSTER_NAME, else tenants-bench),
 *    started with `cluster.sh up` unless it runs; or the one of --kubeconfig.
 * 2. Set-up (timed apart, not the measured figure): N tenants (--tenants,
 *    default 1000) with the provisioning benchmarks' spec (testTenantSpec:
 *    professional, small, one data source, modules core + BI + context
 *    graph: 51 objects of 15 kinds) are registered as `ready` on that cluster in a SQLite database
 *    (in memory, as app-config.yaml) migrated by the tenants backend's own
 *    migrations, and every phase's objects of each are server-side applied as
 *    the phases apply them (applyObjects, field manager tenant-platform;
 *    --apply-concurrency tenants at a time). Then --drifted tenants (default
 *    1 %, at least 3) are changed by hand, four ways in turn: a Deployment
 *    scaled, a NetworkPolicy deleted, an object with the tenant's labels that
 *    no phase renders, a ConfigMap entry edited. Pods need not run (a drift
 *    check compares objects), but the controllers' burst of work on the new
 *    objects must not overlap the measured round: the benchmark waits, by
 *    watching, until every Deployment and StatefulSet has its pods and every
 *    pod is Ready or found unschedulable (the local cluster's six nodes take
 *    about 660 pods; the others stay Pending).
 * 3. Measured: --rounds rounds (default 2) of TenantDriftChecker.checkAll, the
 *    scheduled task's own code (4 tenants at a time, each result saved with
 *    DriftStore, platform admins notified of a new drift through a stand-in
 *    notification service that only counts, a catalog snapshot after each
 *    state change through the plugin's TenantCatalogSync; nothing is
 *    subscribed to the catalog bridge, so the catalog's own processing of the
 *    snapshots is not included). Round 1 is the first check of every tenant
 *    (every state is new); round 2 is a steady-state round (no state
 *    changes), what every scheduled round after the first costs. For each
 *    round: in_sync/drifted/unknown, wall time, tenants per second,
 *    p50/p95/max of the per-tenant check (detectDrift + saving) and of
 *    detectDrift alone, API requests per tenant per check three ways
 *    (detectDrift's `requests`; every request the checks made, counted on the
 *    KubeConfigs the checker gets from the ClusterRegistry; and the
 *    kube-apiserver's own apiserver_request_total, scraped from its /metrics
 *    before and after), the API server's mean time per LIST, CPU seconds of
 *    this process (the backend: the checker runs in it) and of the cluster's
 *    processes during the round (and which of those were not running at its
 *    end: under heavy load the controller manager and scheduler can lose
 *    their leader leases and exit), and whether the check found exactly the
 *    changes made by hand. --cpu-profile FILE adds one more round, profiled
 *    in-process (V8 CPU profile of this process; read it with
 *    scripts/bench/cpuProfileTop.mjs) and left out of the figures.
 * 4. Clean-up: the cluster is stopped if this benchmark started it, or else
 *    the tenants' namespaces are deleted (awaited by watching); --keep leaves
 *    everything.
 *
 * `requests` is read by wrapping detectDrift: TenantDriftChecker is loaded
 * (require) after the module object it imports detectDrift from has been
 * replaced, in Node's module cache, by a copy whose detectDrift records each
 * result. The checker's code is unchanged.
 *
 * The parts, one job each, are in scripts/bench/drift/: recordingChecker
 * (the checker with detectDrift recorded), localCluster (the cluster and the
 * CPU of its processes), setUp (step 2, from tenants: database, objects,
 * clean-up; handChanges: the changes and what the check must find; settle:
 * waiting for the controllers), rounds (step 3), apiserverMetrics (its
 * /metrics), figures and report. This file reads the arguments and runs the
 * steps in order.
 *
 * From the repository root (`source scripts/env.sh` first):
 *   node --require @backstage/cli-node/config/nodeTransform.cjs --expose-gc \
 *     scripts/bench/driftCheck.ts [--tenants 1000] [--rounds 2] [--drifted K]
 *     [--cluster-name NAME | --kubeconfig PATH] [--apply-concurrency 8]
 *     [--json FILE] [--cpu-profile FILE] [--keep]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ConfigReader } from '@backstage/config';
import {
  ClusterRegistry,
  renderContextFromConfig,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { figures, type RoundFigures } from './drift/figures';
import { unexpectedResults } from './drift/handChanges';
import {
  localClusterDown,
  localClusterUp,
  pidsDirOf,
} from './drift/localCluster';
import {
  loadRecordingChecker,
  type CheckRecord,
} from './drift/recordingChecker';
import { report, sec } from './drift/report';
import { driftRounds } from './drift/rounds';
import { setUp } from './drift/setUp';
import { deleteNamespaces, specFor } from './drift/tenants';

const CLUSTER = 'bench';
const clock = () => performance.now();

const { values: args } = parseArgs({
  options: {
    tenants: { type: 'string', default: '1000' },
    drifted: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    'apply-concurrency': { type: 'string', default: '8' },
    kubeconfig: { type: 'string' },
    'cluster-name': {
      type: 'string',
      default: process.env.LOCAL_CLUSTER_NAME || 'tenants-bench',
    },
    'settle-timeout-s': { type: 'string', default: '1800' },
    'cleanup-timeout-s': { type: 'string', default: '900' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
    'cpu-profile': { type: 'string' },
  },
});

const log = (message: string) =>
  process.stderr.write(`[bench-drift] ${message}\n`);

const tenantCount = Number(args.tenants);
const driftedCount = Math.min(
  tenantCount,
  args.drifted === undefined
    ? Math.max(3, Math.round(tenantCount / 100))
    : Number(args.drifted),
);

async function main() {
  const started = clock();
  const records: CheckRecord[] = [];
  const Checker = loadRecordingChecker(records, clock);
  const runId = Date.now().toString(36);
  const slugs = Array.from(
    { length: tenantCount },
    (_, i) => `drift${runId}n${i}`,
  );
  const specs = slugs.map(specFor);
  const namespaces = new Set(slugs.map(tenantNamespaceName));

  // 1. The cluster
  const clusterName = args['cluster-name'];
  let kubeconfigPath = args.kubeconfig;
  let startedCluster = false;
  if (!kubeconfigPath) {
    ({ kubeconfigPath, started: startedCluster } = localClusterUp(clusterName));
    log(
      `${
        startedCluster ? 'started' : 'using'
      } the local cluster ${clusterName}`,
    );
  }
  const config = new ConfigReader({
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
  });
  const setupKubeConfig = await ClusterRegistry.fromConfig(config).kubeConfig(
    CLUSTER,
  );
  const renderContext = renderContextFromConfig(config);

  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () =>
      abort.abort(new Error(`interrupted by ${signal}`)),
    );
  }

  try {
    // 2. Set-up
    const { knex, store, changed, kinds, setup } = await setUp(
      setupKubeConfig,
      specs,
      {
        cluster: CLUSTER,
        renderContext,
        changes: driftedCount,
        applyConcurrency: Number(args['apply-concurrency']),
        settleTimeoutMs: Number(args['settle-timeout-s']) * 1000,
        signal: abort.signal,
        clock,
        log,
      },
    );

    // 3. The rounds
    const rounds = driftRounds({
      Checker,
      knex,
      store,
      clusters: ClusterRegistry.fromConfig(config),
      renderContext,
      metricsKubeConfig: setupKubeConfig,
      pidsDir: pidsDirOf(kubeconfigPath),
      records,
      clock,
      log,
    });
    const all: RoundFigures[] = [];
    for (let r = 1; r <= Number(args.rounds); r++) {
      abort.signal.throwIfAborted();
      const name =
        r === 1 ? 'round 1 (first check)' : `round ${r} (steady state)`;
      log(`${name}: checking ${tenantCount} tenants`);
      const round = await rounds.measure(name);
      all.push(
        figures(round, kinds, unexpectedResults(round.detect, slugs, changed)),
      );
      const { in_sync, drifted, unknown } = round.summary;
      log(
        `${name}: ${in_sync} in sync, ${drifted} drifted, ${unknown} unknown in ${sec(
          round.wallMs,
        )} s`,
      );
    }
    if (args['cpu-profile']) await rounds.profile(args['cpu-profile']);

    const lines = report(
      { tenants: tenantCount, cluster: clusterName },
      setup,
      all,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    if (args.json) {
      const json = {
        config: { ...args, tenants: tenantCount, drifted: changed.size },
        cpus: cpus().length,
        setup,
        rounds: all,
        wallMs: clock() - started,
      };
      writeFileSync(args.json, `${JSON.stringify(json, null, 2)}\n`);
    }
  } finally {
    // 4. Clean-up
    if (args.keep) {
      log(`--keep: leaving ${tenantCount} tenant namespaces and the cluster`);
    } else if (startedCluster) {
      log(`stopping the cluster ${clusterName} (this run started it)`);
      localClusterDown(clusterName);
    } else {
      const t0 = clock();
      log(`deleting ${namespaces.size} tenant namespaces`);
      await deleteNamespaces(
        setupKubeConfig,
        namespaces,
        Number(args['cleanup-timeout-s']) * 1000,
      ).then(
        () => log(`namespaces gone in ${sec(clock() - t0)} s`),
        error => log(String(error)),
      );
    }
  }
}

main()
  .catch(error => {
    log(`failed: ${String(error?.stack ?? error).slice(0, 3000)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    // Whatever the clients leave open (keep-alive sockets, timers) must not
    // keep the benchmark alive.
    setTimeout(() => process.exit(), 5000).unref();
  });
