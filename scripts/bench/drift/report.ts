import { cpus } from 'node:os';
import {
  ms,
  table,
} from '../../../plugins/scaffolder-backend-module-tenants/bench/report';
import type { RoundFigures } from './figures';

/** What the set-up did (not measured). */
export interface Setup {
  dbSetupMs: number;
  applyMs: number;
  settleMs: number;
  pods: number;
  podsReady: number;
  objectsApplied: number;
  objectsPerTenant: number;
  kinds: number;
  changedByHand: Record<string, number>;
}

export const sec = (value: number) =>
  Number.isFinite(value) ? (value / 1000).toFixed(1) : '-';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The benchmark's report, line by line. */
export function report(
  about: { tenants: number; cluster: string },
  setup: Setup,
  all: RoundFigures[],
): string[] {
  const cpuKeys = Object.keys(all[0]?.cpuSeconds ?? {});
  const mismatches = all.flatMap(r => r.mismatches.map(m => `${r.name}: ${m}`));
  return [
    '',
    `Drift check benchmark: ${about.tenants} tenants on one local cluster (${about.cluster}), TenantDriftChecker.checkAll (4 tenants at a time) on SQLite in memory`,
    `Machine: ${cpus().length} CPU(s); 1-minute load average ${all
      .map(r => `${r.loadavg[0].toFixed(1)}->${r.loadavg[1].toFixed(1)}`)
      .join(', ')} over the rounds`,
    `Set-up (not measured): ${setup.objectsApplied} objects (${
      setup.objectsPerTenant
    } per tenant, ${setup.kinds} kinds) applied in ${sec(
      setup.applyMs,
    )} s; the controllers were done with them ${sec(setup.settleMs)} s later (${
      setup.pods
    } pods: ${setup.podsReady} Ready, the others unschedulable); ${
      about.tenants
    } tenants registered in ${sec(
      setup.dbSetupMs,
    )} s; changed by hand: ${Object.entries(setup.changedByHand)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
    '',
    ...table([
      [
        'round',
        'in_sync',
        'drifted',
        'unknown',
        'wall s',
        'tenants/s',
        'check p50 ms',
        'p95 ms',
        'max ms',
        'detect p50 ms',
        'p95 ms',
        'save p50 ms',
        'p95 ms',
      ],
      ...all.map(r => [
        r.name,
        String(r.in_sync),
        String(r.drifted),
        String(r.unknown),
        sec(r.wallMs),
        r.tenantsPerSecond.toFixed(1),
        ms(r.checkP50),
        ms(r.checkP95),
        ms(r.checkMax),
        ms(r.detectP50),
        ms(r.detectP95),
        r.saveP50.toFixed(1),
        r.saveP95.toFixed(1),
      ]),
    ]),
    '',
    'check = TenantDriftChecker.check (detectDrift, then DriftStore.save and, on a new drift, the notification); detect = detectDrift alone; save = DriftStore.save',
    '',
    'API requests per tenant per check:',
    ...table([
      [
        'round',
        '`requests`',
        'client: all',
        'client: lists of the kinds',
        'apiserver: LISTs of the kinds',
        'apiserver LIST mean ms',
        'apiserver: all requests, every client',
      ],
      ...all.map(r => [
        r.name,
        r.requestsMin === r.requestsMax
          ? r.requestsPerTenant.toFixed(2)
          : `${r.requestsPerTenant.toFixed(2)} (${r.requestsMin}-${
              r.requestsMax
            })`,
        r.clientPerTenant.toFixed(2),
        r.clientListsPerTenant.toFixed(2),
        r.apiserverListsPerTenant.toFixed(2),
        r.apiserverListMeanMs.toFixed(2),
        `${r.apiserverAllRequests} (${(
          r.apiserverAllRequests / r.tenants
        ).toFixed(2)}/tenant)`,
      ]),
    ]),
    '',
    "`requests` = detectDrift's own count; client = every HTTP request made through the KubeConfigs the checker got from the ClusterRegistry;",
    `apiserver = apiserver_request_total before/after the round (LIST of the ${setup.kinds} kinds a tenant's phases render), and its mean LIST duration`,
    ...all.flatMap(r => [
      `  ${r.name}: client requests besides those lists: ${
        r.clientOther.map(b => `${b.count} ${b.key}`).join(', ') || 'none'
      }`,
      `  ${r.name}: apiserver requests besides those LISTs (every client): ${
        r.apiserverOther
          .slice(0, 8)
          .map(b => `${b.count} ${b.key}`)
          .join(', ') || 'none'
      }`,
    ]),
    '',
    'CPU seconds during the round (user + system); backend = this process, where the checker runs:',
    ...table([
      ['round', ...cpuKeys, 'sum', 'backend ms/tenant'],
      ...all.map(r => [
        r.name,
        ...cpuKeys.map(k => (r.cpuSeconds[k] ?? 0).toFixed(1)),
        sum(Object.values(r.cpuSeconds)).toFixed(1),
        r.cpuMsPerTenant.backend.toFixed(1),
      ]),
    ]),
    ...all
      .filter(r => r.clusterProcessesStopped.length)
      .map(
        r =>
          `${
            r.name
          }: not running at its end (their work is not in the figures): ${r.clusterProcessesStopped.join(
            ', ',
          )}`,
      ),
    '',
    ...all.map(
      r =>
        `${r.name}: backend RSS ${mb(r.rssBefore)} MB before, peak ${mb(
          r.rssPeak,
        )} MB (heap peak ${mb(r.heapPeak)} MB); ${
          r.catalogSnapshots
        } catalog snapshot(s) and ${
          r.notifications
        } notification(s) during the round`,
    ),
    '',
    mismatches.length
      ? `Results that differ from what was changed by hand (${mismatches.length}):`
      : 'Every tenant changed by hand was found drifted with exactly that difference; every other tenant in sync.',
    ...mismatches.slice(0, 20).map(m => `  ${m}`),
  ];
}
