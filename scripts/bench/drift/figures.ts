import type { RecordedRequest } from '../../../plugins/scaffolder-backend-module-tenants/bench/requestCounter';
import { breakdown } from '../../../plugins/scaffolder-backend-module-tenants/bench/requestCounter';
import { quantile } from '../openLoad.mjs';
import type { Round } from './rounds';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** Nearest rank, p in 0..100. */
const percentile = (values: number[], p: number) =>
  quantile(
    [...values].sort((a, b) => a - b),
    p / 100,
  );

/**
 * A round's figures (what the report prints and --json keeps). `kinds` are
 * the resources (`plural[.group]`) of the kinds a tenant's phases render: a
 * check lists each once.
 */
export function figures(
  round: Round,
  kinds: Set<string>,
  mismatches: string[],
) {
  const n = round.checkMs.length;
  const requests = round.detect.map(d => d.requests);
  const isKindList = (key: string) =>
    key.startsWith('LIST ') && kinds.has(key.slice(5));
  const apiserver = [...round.apiserver.requests];
  const listTimes = [...round.apiserver.listSeconds]
    .filter(([key]) => kinds.has(key))
    .map(([, v]) => v);
  const isClientKindList = (r: RecordedRequest) =>
    r.verb === 'list' && kinds.has(r.resource);
  return {
    name: round.name,
    tenants: n,
    ...round.summary,
    wallMs: round.wallMs,
    tenantsPerSecond: n / (round.wallMs / 1000),
    checkP50: percentile(round.checkMs, 50),
    checkP95: percentile(round.checkMs, 95),
    checkMax: Math.max(...round.checkMs),
    detectP50: percentile(
      round.detect.map(d => d.ms),
      50,
    ),
    detectP95: percentile(
      round.detect.map(d => d.ms),
      95,
    ),
    saveP50: percentile(round.saveMs, 50),
    saveP95: percentile(round.saveMs, 95),
    requestsPerTenant: sum(requests) / n,
    requestsMin: Math.min(...requests),
    requestsMax: Math.max(...requests),
    clientPerTenant: round.client.length / n,
    clientListsPerTenant: round.client.filter(isClientKindList).length / n,
    clientOther: breakdown(round.client.filter(r => !isClientKindList(r))),
    apiserverListsPerTenant:
      sum(apiserver.filter(([key]) => isKindList(key)).map(([, v]) => v)) / n,
    apiserverAllRequests: sum(apiserver.map(([, v]) => v)),
    apiserverOther: apiserver
      .filter(([key]) => !isKindList(key))
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => ({ key, count })),
    apiserverListMeanMs:
      (sum(listTimes.map(t => t.sum)) / sum(listTimes.map(t => t.count))) *
      1000,
    cpuSeconds: round.cpu,
    clusterProcessesStopped: round.stopped,
    cpuMsPerTenant: Object.fromEntries(
      Object.entries(round.cpu).map(([k, v]) => [k, (v * 1000) / n]),
    ),
    rssBefore: round.rssBefore,
    rssPeak: round.rssPeak,
    heapPeak: round.heapPeak,
    loadavg: round.loadavg,
    catalogSnapshots: round.snapshots,
    notifications: round.notifications,
    mismatches,
  };
}

export type RoundFigures = ReturnType<typeof figures>;
