#!/usr/bin/env node
/*
 * The summary block of scripts/bench.sh: reads the JSON figures the
 * benchmarks wrote into one directory and prints them together.
 *
 *   node scripts/bench/summary.mjs <dir> [--wall-s S] [--load "a b"]
 *
 * Files (each optional): sequential.json (scripts/bench-provisioning.sh
 * --json), concurrent*.json (scripts/bench/concurrentProvisioning.ts --json),
 * api.json (scripts/bench/apiLatency.mjs --json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'wall-s': { type: 'string' },
    load: { type: 'string' },
  },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: summary.mjs <dir>');
const read = name =>
  existsSync(join(dir, name))
    ? JSON.parse(readFileSync(join(dir, name), 'utf8'))
    : undefined;

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const s = ms => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '-');
const mb = bytes =>
  bytes === undefined || bytes === null ? '-' : (bytes / 2 ** 20).toFixed(0);
const num = v =>
  v === undefined || Number.isNaN(v)
    ? '-'
    : v >= 100
    ? v.toFixed(0)
    : v.toFixed(1);

const out = [
  '',
  '================================ BENCHMARK SUMMARY ================================',
  `Machine: ${cpus().length} CPU(s)${
    args.load ? `; 1-minute load average ${args.load}` : ''
  }${args['wall-s'] ? `; whole run ${args['wall-s']} s` : ''}`,
];

const sequential = read('sequential.json');
if (sequential) {
  const r = sequential.results;
  const wall = median(r.map(x => x.wallMs));
  const critical = median(r.map(x => x.criticalPathMs));
  const ratio = median(r.map(x => x.ratio));
  out.push(
    '',
    `Provisioning, sequential (${r.length} tenants one after the other, phase actions, pod ready delay ${sequential.config['ready-delay-ms']} ms, jitter ${sequential.config['jitter-ms']} ms):`,
    `  wall ${s(wall)} s / critical path ${s(
      critical,
    )} s = ratio ${ratio.toFixed(3)} median (min ${Math.min(
      ...r.map(x => x.ratio),
    ).toFixed(3)}, max ${Math.max(...r.map(x => x.ratio)).toFixed(
      3,
    )}; target <= 1.03: ${ratio <= 1.03 ? 'MET' : 'NOT MET'})`,
    `  overhead ${s(
      wall - critical,
    )} s median; kube-apiserver requests per tenant ${median(
      r.map(x => x.requests.length),
    )} median`,
  );
  // Every object is applied with one server-side apply (a PATCH).
  const objects = median(
    r.map(x => x.requests.filter(q => q.verb === 'patch').length),
  );
  const perObject = median(
    r.map(
      x =>
        x.requests.length / x.requests.filter(q => q.verb === 'patch').length,
    ),
  );
  out.push(
    `  objects applied per tenant ${objects}; requests per object applied ${perObject.toFixed(
      2,
    )} median (target <= 1.2: ${perObject <= 1.2 ? 'MET' : 'NOT MET'})`,
  );
}

for (const file of readdirSync(dir)
  .filter(f => /^concurrent.*\.json$/.test(f))
  .sort()) {
  const c = read(file);
  const baselines = c.runs.filter(x => x.name === 'baseline');
  const first = c.runs.find(x => x.name === 'first');
  const base = baselines.length
    ? { ...baselines[0], p50: median(baselines.map(x => x.p50)) }
    : undefined;
  const conc = c.runs.find(x => x.name === 'concurrent');
  out.push(
    '',
    `Provisioning, concurrent (scaffolder + actions + Tenant Service in one process, ${
      c.config.db
    }, scaffolder concurrentTasksLimit ${
      c.taskLimit ?? '10 (default)'
    }, pod ready delay ${c.config['ready-delay-ms']} ms):`,
  );
  if (first) {
    out.push(
      `  first tenant of the process (with its warm-up): ${s(first.p50)} s`,
    );
  }
  if (base) {
    const critical = sequential
      ? median(sequential.results.map(x => x.criticalPathMs))
      : undefined;
    const ratio = critical ? base.p50 / critical : undefined;
    out.push(
      `  single tenant alone: ${s(base.p50)} s (median of ${
        baselines.length
      }, task request -> ready), ${num(
        base.requestsPerTenant,
      )} kube-apiserver requests${
        ratio
          ? `; over the sequential critical path ${s(
              critical,
            )} s: ratio ${ratio.toFixed(3)} (target <= 1.05: ${
              ratio <= 1.05 ? 'MET' : 'NOT MET'
            })`
          : ''
      }`,
    );
  }
  if (conc) {
    const ref = base?.p50;
    out.push(
      `  ${conc.tenants} at once: ${conc.ready}/${
        conc.tenants
      } reached ready (${conc.failed} not); p50 ${s(conc.p50)} s (${(
        conc.p50 / ref
      ).toFixed(2)}x single), p95 ${s(conc.p95)} s (${(conc.p95 / ref).toFixed(
        2,
      )}x), max ${s(conc.max)} s; all ready after ${s(conc.wallMs)} s`,
      `  queue wait before the first phase: p50 ${s(conc.queueP50)} s, max ${s(
        conc.queueMax,
      )} s; kube-apiserver requests per tenant ${num(conc.requestsPerTenant)}`,
      `  backend memory: at rest RSS ${mb(c.memoryAtRest.rss)} MB, heap ${mb(
        c.memoryAtRest.heapUsed,
      )} MB; peak under the ${conc.tenants}-tenant load RSS ${mb(
        conc.memoryPeak.rss,
      )} MB, heap ${mb(conc.memoryPeak.heapUsed)} MB`,
    );
    if (conc.cpuSecondsPerTenant) {
      const cpu = Object.entries(conc.cpuSecondsPerTenant);
      out.push(
        `  CPU seconds per tenant: ${cpu
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}; sum ${cpu
          .reduce((a, [, v]) => a + v, 0)
          .toFixed(2)} (single tenant alone: ${Object.values(
          base?.cpuSecondsPerTenant ?? {},
        )
          .reduce((a, v) => a + v, 0)
          .toFixed(2)})`,
      );
      const backend = conc.cpuSecondsPerTenant.backend;
      if (backend !== undefined) {
        out.push(
          `  backend CPU per tenant at ${
            conc.tenants
          } at once: ${backend.toFixed(2)} s (target <= 0.5: ${
            backend <= 0.5 ? 'MET' : 'NOT MET'
          })`,
        );
      }
    }
    if (conc.errors.length) {
      out.push(`  not ready: ${conc.errors.slice(0, 5).join('; ')}`);
    }
  }
}

const api = read('api.json');
if (api) {
  const cfg = api.config;
  out.push(
    '',
    `API latency (${cfg.tenants} tenants, fixed ${cfg.rate} req/s over ${cfg.connections} connections, ${cfg.duration} s per endpoint; ms):`,
  );
  const header = [
    'db',
    'user',
    'endpoint',
    'req/s',
    'p50',
    'p99',
    'max',
    'errors',
    'non-2xx',
  ];
  const rows = [header];
  for (const r of api.results) {
    for (const x of r.rows) {
      rows.push([
        r.db,
        x.user ?? 'platform admin',
        x.endpoint,
        `${num(x.achievedRate)}/${x.targetRate}`,
        num(x.p50),
        num(x.p99),
        num(x.max),
        String(x.errors + x.timeouts),
        String(x.non2xx),
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...rows.map(r => r[i].length)));
  for (const r of rows) {
    out.push(
      `  ${r
        .map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')}`,
    );
  }
  for (const r of api.results) {
    out.push(
      `  ${r.db} server memory: at rest RSS ${mb(
        r.memory.atRest.rss,
      )} MB, heap ${mb(r.memory.atRest.heapUsed)} MB; peak under load RSS ${mb(
        r.memory.peak.rss,
      )} MB, heap ${mb(r.memory.peak.heapUsed)} MB`,
    );
  }
}
out.push(
  '====================================================================================',
);
process.stdout.write(`${out.join('\n')}\n`);
