import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TenantDriftReport } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  ClusterRegistry,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { Knex } from 'knex';
import { TenantGroups } from '../../../plugins/tenants-backend/src/permissions/TenantGroups';
import type { TenantStore } from '../../../plugins/tenants-backend/src/database/TenantStore';
import { DriftStore } from '../../../plugins/tenants-backend/src/database/DriftStore';
import { TenantCatalogBridge } from '../../../plugins/tenants-backend/src/catalog/TenantCatalogBridge';
import { TenantCatalogSync } from '../../../plugins/tenants-backend/src/catalog/TenantCatalogSync';
import type { TenantDriftChecker } from '../../../plugins/tenants-backend/src/drift/TenantDriftChecker';
import {
  RequestCounter,
  type RecordedRequest,
} from '../../../plugins/scaffolder-backend-module-tenants/bench/requestCounter';
import {
  metricsDelta,
  scrapeApiserver,
  type ApiserverMetrics,
} from './apiserverMetrics';
import { cpuDelta, cpuSeconds, stoppedProcesses } from './localCluster';
import type { CheckRecord } from './recordingChecker';

/** What one measured round of TenantDriftChecker.checkAll gave. */
export interface Round {
  name: string;
  summary: Record<TenantDriftReport['state'], number>;
  wallMs: number;
  /** TenantDriftChecker.check, one per tenant. */
  checkMs: number[];
  /** detectDrift alone, with its `requests`, one per tenant. */
  detect: CheckRecord[];
  saveMs: number[];
  /** Every request the checks made, seen on the checker's KubeConfigs. */
  client: RecordedRequest[];
  /** The kube-apiserver's counts over the round, every client's. */
  apiserver: ApiserverMetrics;
  /** CPU seconds during the round, by process. */
  cpu: Record<string, number>;
  /** The cluster's processes that were not running at the end. */
  stopped: string[];
  rssBefore: number;
  rssPeak: number;
  heapPeak: number;
  /** 1-minute load average before and after. */
  loadavg: [number, number];
  snapshots: number;
  notifications: number;
}

/**
 * The scheduled drift round as the backend runs it (TenantDriftChecker on
 * the database of `knex`, DriftStore, a catalog snapshot through
 * TenantCatalogSync after each state change, notifications to a stand-in
 * that only counts), instrumented: each check and save timed, every request
 * of the checker's KubeConfigs counted, the apiserver's metrics scraped and
 * the CPU of this process and of the cluster's (`pidsDir`) read around each
 * round.
 */
export function driftRounds(deps: {
  Checker: typeof TenantDriftChecker;
  knex: Knex;
  store: TenantStore;
  clusters: ClusterRegistry;
  renderContext: RenderContext;
  /** For scraping the apiserver's metrics; not counted. */
  metricsKubeConfig: KubeConfig;
  pidsDir: string | undefined;
  /** Where the recording checker pushes detectDrift's results. */
  records: CheckRecord[];
  clock: () => number;
  log: (message: string) => void;
}) {
  const { clock, log, records } = deps;
  const counter = new RequestCounter(clock);
  counter.scope = 'idle';
  const kubeConfigOf = deps.clusters.kubeConfig.bind(deps.clusters);
  deps.clusters.kubeConfig = async name =>
    counter.instrument(await kubeConfigOf(name));

  const saveMs: number[] = [];
  const save = DriftStore.prototype.save;
  DriftStore.prototype.save = async function timedSave(
    this: DriftStore,
    report: TenantDriftReport,
  ) {
    const t = clock();
    try {
      return await save.call(this, report);
    } finally {
      saveMs.push(clock() - t);
    }
  };

  let snapshots = 0;
  const drifts = new DriftStore(deps.knex);
  const catalogSync = new TenantCatalogSync(async () => {
    snapshots += 1;
    const [tenants, states] = await Promise.all([
      deps.store.listAllTenants(),
      drifts.listStates(),
    ]);
    return tenants.map(t => ({ ...t, drift: states.get(t.id) }));
  }, new TenantCatalogBridge());

  let notifications = 0;
  const logger: LoggerService = {
    error: message => log(`checker error: ${message}`),
    warn: () => {},
    info: message => log(`checker: ${message}`),
    debug: () => {},
    child: () => logger,
  };
  const checker = new deps.Checker({
    db: deps.knex,
    clusters: deps.clusters,
    renderContext: deps.renderContext,
    logger,
    notifications: {
      send: async () => {
        notifications += 1;
      },
    },
    groups: TenantGroups.defaults,
    onStateChange: () => void catalogSync.sync(),
  });
  const checkMs: number[] = [];
  const check = checker.check.bind(checker);
  checker.check = async tenant => {
    const t = clock();
    try {
      return await check(tenant);
    } finally {
      checkMs.push(clock() - t);
    }
  };

  return {
    /** One round of checkAll, measured. */
    async measure(name: string): Promise<Round> {
      checkMs.length = 0;
      saveMs.length = 0;
      records.length = 0;
      snapshots = 0;
      notifications = 0;
      (globalThis as { gc?: () => void }).gc?.();
      const metricsBefore = await scrapeApiserver(deps.metricsKubeConfig);
      const loadBefore = loadavg()[0];
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      let heapPeak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        rssPeak = Math.max(rssPeak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
      }, 100);
      counter.scope = name;
      const cpuBefore = cpuSeconds(deps.pidsDir);
      const started = clock();
      const summary = await checker.checkAll();
      const wallMs = clock() - started;
      const cpu = cpuDelta(cpuBefore, cpuSeconds(deps.pidsDir));
      counter.scope = 'idle';
      clearInterval(sampler);
      const loadAfter = loadavg()[0];
      const metricsAfter = await scrapeApiserver(deps.metricsKubeConfig);
      const roundSnapshots = snapshots;
      await catalogSync.sync(); // the snapshot still asked for, outside the round
      return {
        name,
        summary,
        wallMs,
        checkMs: [...checkMs],
        detect: [...records],
        saveMs: [...saveMs],
        client: counter.where(scope => scope === name),
        apiserver: metricsDelta(metricsBefore, metricsAfter),
        cpu,
        stopped: stoppedProcesses(deps.pidsDir),
        rssBefore,
        rssPeak,
        heapPeak,
        loadavg: [loadBefore, loadAfter],
        snapshots: roundSnapshots,
        notifications,
      };
    },

    /**
     * One round of checkAll under the V8 profiler of this process (slowed
     * by it, so not among the figures); the profile is written to `file`.
     */
    async profile(file: string) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      const started = clock();
      const summary = await checker.checkAll();
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      log(
        `profiled round: ${summary.in_sync} in sync, ${
          summary.drifted
        } drifted in ${((clock() - started) / 1000).toFixed(
          1,
        )} s; profile written to ${file} (see scripts/bench/cpuProfileTop.mjs)`,
      );
    },
  };
}
