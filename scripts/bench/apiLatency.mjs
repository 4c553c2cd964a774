#!/usr/bin/env node
/*
 * API latency benchmark of the Tenant Service (prints figures; not a test,
 * never fails on them).
 *
 * For each database (SQLite, PostgreSQL): seeds N tenants (default 10,000)
 * with runs, phases and log lines in a fresh database of its own
 * (scripts/bench/apiServer.ts --mode seed), starts the tenants backend plugin
 * on it in a child process (--mode serve), and sends requests at a FIXED rate
 * (open loop, scripts/bench/openLoad.mjs) from this process to:
 *
 *   GET /api/tenants/v1/tenants?limit=20                 list, newest first
 *   GET /api/tenants/v1/tenants?limit=20&search=harbor   list with a search
 *   GET /api/tenants/v1/tenants?limit=20&state=failed    list with a state filter
 *   GET /api/tenants/v1/tenants/:id                      one tenant with its latest run
 *   GET /api/tenants/v1/tenants/:id/status               provisioning status
 *
 * (:id cycles through 500 random seeded tenants). Requests pass the real
 * permission backend with the packaged tenant policy, and every endpoint is
 * measured for two users: the platform admin (allowed) and the admin of 5
 * tenants (a conditional decision: a filter in SQL on the lists, a check of
 * the tenant on :id, which cycles through their tenants). Each endpoint gets a
 * short warm-up at the same rate, then the measured run. Prints p50/p99/max
 * latency, achieved throughput, errors and non-2xx answers per endpoint,
 * whether it meets its target (200 req/s held; p99 <= 50 ms for the lists,
 * <= 25 ms for get and status), and the server's memory at rest and its peak
 * under the load. Beside each endpoint: how long the server's event loop was
 * held up (p99 and max over the measured run; garbage collection and
 * synchronous work), which every request arriving meanwhile waits out.
 *
 * Requests are sent every 1000/rate ms whether or not the earlier ones were
 * answered, on at most `connections` kept-alive connections; each latency
 * counts from the time its request was issued, so a request that waited for
 * a free connection counts that wait (`sender late`: how far behind its
 * schedule this process issued a request, at most). When the server answers slower than the
 * rate needs, the achieved rate falls below the target (shown).
 *
 * Usage: node scripts/bench/apiLatency.mjs [options]   (Node 24 of scripts/env.sh)
 *   --db sqlite,postgres   databases to run on (default both)
 *   --tenants N            tenants to seed (default 10000)
 *   --log-lines N          log lines per run (default 40)
 *   --rate R               requests per second, all connections together (default 200)
 *   --duration S           measured seconds per endpoint (default 20)
 *   --warmup S             warm-up seconds per endpoint (default 3)
 *   --connections C        connections, the most requests in flight at once (default 10)
 *   --postgres-url URL     server of the PostgreSQL database (default
 *                          $TENANTS_BENCH_POSTGRES_URL or postgresql://postgres:postgres@127.0.0.1:54329);
 *                          the benchmark creates and drops its own database tenants_bench_api_tenants
 *   --json FILE            also write the figures as JSON
 *   --cpu-prof DIR         write a V8 CPU profile of each server into DIR
 *                          (summarize it with scripts/bench/cpuProfileTop.mjs)
 */
import { fork } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLoad } from './openLoad.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const nodeTransform = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite,postgres' },
    tenants: { type: 'string', default: '10000' },
    'log-lines': { type: 'string', default: '40' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'postgres-url': {
      type: 'string',
      default:
        process.env.TENANTS_BENCH_POSTGRES_URL ??
        'postgresql://postgres:postgres@127.0.0.1:54329',
    },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  process.stdout.write(
    `${text
      .slice(text.indexOf('/*') + 3, text.indexOf('*/'))
      .replace(/^ \* ?/gm, '')}\n`,
  );
  process.exit(0);
}
const int = name => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer`);
  return value;
};
const rate = int('rate');
const duration = int('duration');
const warmup = int('warmup');
const connections = int('connections');
const databases = args.db.split(',').filter(Boolean);

const log = message => process.stderr.write(`[bench-api] ${message}\n`);
const mb = bytes =>
  bytes === undefined ? '-' : `${(bytes / 1024 / 1024).toFixed(0)}`;
const fmt = value =>
  value === undefined || Number.isNaN(value)
    ? '-'
    : value >= 100
    ? value.toFixed(0)
    : value.toFixed(1);

/** Forks apiServer.ts in a mode; resolves with the first message of `type`. */
function startChild(db, mode, extra, type) {
  const child = fork(
    join(here, 'apiServer.ts'),
    [
      '--db',
      db,
      '--mode',
      mode,
      '--tenants',
      args.tenants,
      '--log-lines',
      args['log-lines'],
      '--postgres-url',
      args['postgres-url'],
      ...extra,
    ],
    {
      execArgv: [
        '--require',
        nodeTransform,
        '--expose-gc',
        ...(mode === 'serve' && args['cpu-prof']
          ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const first = new Promise((resolve, reject) => {
    child.on('message', message => {
      if (message.type === type) resolve(message);
    });
    child.once('exit', code =>
      reject(new Error(`apiServer.ts --mode ${mode} exited with ${code}`)),
    );
  });
  return { child, first };
}

/** Sends a message to the server and waits for its answer (`stop` -> `stopped`). */
function ask(child, type) {
  const answer = type === 'stop' ? 'stopped' : type;
  return new Promise((resolve, reject) => {
    const onMessage = message => {
      if (message.type !== answer) return;
      done();
      resolve(message);
    };
    const onExit = code => {
      done();
      if (type === 'stop') resolve({ type, code });
      else reject(new Error(`the server exited with ${code}`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type }, error => error && reject(error));
  });
}

const SEARCH = 'harbor';
const scenarios = ids => {
  let next = 0;
  const id = () => ids[next++ % ids.length];
  return [
    { name: 'list', path: () => '/api/tenants/v1/tenants?limit=20' },
    {
      name: `list search=${SEARCH}`,
      path: () => `/api/tenants/v1/tenants?limit=20&search=${SEARCH}`,
    },
    {
      name: 'list state=failed',
      path: () => '/api/tenants/v1/tenants?limit=20&state=failed',
    },
    { name: 'get :id', path: () => `/api/tenants/v1/tenants/${id()}` },
    {
      name: 'status :id',
      path: () => `/api/tenants/v1/tenants/${id()}/status`,
    },
  ];
};

function load(base, authorization, scenario, seconds) {
  return openLoad({
    base,
    path: scenario.path,
    headers: { authorization },
    rate,
    seconds,
    connections,
  });
}

/** One endpoint for one user: a probe, the warm-up, the measured run. */
async function measure(db, server, base, user, scenario, run) {
  // One plain request first: the endpoint answers, and with what.
  const probe = await fetch(`${base}${scenario.path()}`, {
    headers: { authorization: user.authorization },
  });
  const body = await probe.json();
  if (probe.status !== 200) {
    throw new Error(
      `${scenario.name} as ${user.name}: ${probe.status} ${JSON.stringify(
        body,
      )}`,
    );
  }
  const answer =
    body.totalCount !== undefined
      ? `${body.items.length} of ${body.totalCount}`
      : body.logs
      ? `${body.status}, ${body.logs.length} log lines`
      : `${body.state}, run ${body.latestRun?.status}`;
  if (warmup > 0) await load(base, user.authorization, scenario, warmup);
  log(
    `${db}: ${scenario.name} as ${user.name} at ${rate} req/s for ${duration} s`,
  );
  const loadBefore = loadavg()[0];
  await ask(server, 'loop-delay'); // from the warm-up: not counted
  const result = await run(scenario);
  const loop = await ask(server, 'loop-delay');
  return {
    user: user.name,
    endpoint: scenario.name,
    answer,
    targetRate: rate,
    achievedRate: result.achievedRate,
    requests: result.requests,
    p50: result.p50,
    p90: result.p90,
    p99: result.p99,
    max: result.max,
    ok: result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    generatorLateMs: result.maxLateMs,
    loopP99: loop.p99Ms,
    loopMax: loop.maxMs,
    load: [loadBefore, loadavg()[0]],
  };
}

async function runOn(db) {
  const sqliteDir =
    db === 'sqlite' ? mkdtempSync(join(tmpdir(), 'tenants-bench-api-')) : '';
  const dbArgs = sqliteDir ? ['--sqlite-dir', sqliteDir] : [];
  let server;
  try {
    log(`${db}: seeding ${args.tenants} tenants`);
    const seeding = startChild(db, 'seed', dbArgs, 'seeded');
    const seeded = await seeding.first;
    await new Promise(resolve =>
      seeding.child.exitCode === null
        ? seeding.child.once('exit', resolve)
        : resolve(),
    );

    log(`${db}: starting the Tenant Service`);
    server = startChild(db, 'serve', [...dbArgs, '--drop-on-stop'], 'ready');
    const ready = await server.first;
    const base = `http://127.0.0.1:${ready.port}`;
    const atRest = await ask(server.child, 'memory-gc');

    // 500 random tenants for the platform admin's :id endpoints.
    const ids = [...seeded.ids].sort(() => Math.random() - 0.5).slice(0, 500);
    const rows = [];
    let peak;
    await ask(server.child, 'reset-peak');
    for (const user of ready.users) {
      for (const scenario of scenarios(user.ids ?? ids)) {
        rows.push(
          await measure(db, server.child, base, user, scenario, endpoint =>
            load(base, user.authorization, endpoint, duration),
          ),
        );
      }
    }
    peak = await ask(server.child, 'memory');
    return {
      db,
      seeded: seeded.seeded,
      seedMs: seeded.seedMs,
      snapshotMs: seeded.snapshotMs,
      startMs: ready.startMs,
      memory: { atRest: atRest.now, peak: peak.peak, vmHWM: peak.vmHWM },
      rows,
    };
  } finally {
    if (server && server.child.exitCode === null && server.child.connected) {
      await ask(server.child, 'stop').catch(() => {});
    }
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  }
}

/** p99 targets in ms: the lists 50, get and status 25; and the rate held. */
function targetOf(row) {
  const p99Target = row.endpoint.startsWith('list') ? 50 : 25;
  const held = row.achievedRate >= row.targetRate * 0.99;
  const met =
    held &&
    row.p99 <= p99Target &&
    row.non2xx + row.errors + row.timeouts === 0;
  return `${met ? 'met' : 'NOT MET'} (p99 <= ${p99Target})`;
}

function table(rows) {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(r => String(r[i] ?? '').length)),
  );
  const line = r =>
    r
      .map((c, i) =>
        i <= 1
          ? String(c).padEnd(widths[i])
          : String(c ?? '').padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
}

function report(results, loadAtStart) {
  const out = [
    '',
    `API latency benchmark: Tenant Service with ${args.tenants} tenants, ${rate} req/s fixed rate over ${connections} connections, ${duration} s per endpoint after ${warmup} s warm-up`,
    `Machine: ${
      cpus().length
    } CPU(s); 1-minute load average ${loadAtStart.toFixed(
      1,
    )} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  ];
  for (const r of results) {
    out.push(
      '',
      `${r.db}: ${r.seeded.tenants} tenants, ${r.seeded.runs} runs, ${
        r.seeded.phases
      } phases, ${r.seeded.logs} log lines (seeded in ${(
        r.seedMs / 1000
      ).toFixed(1)} s); plugin start ${(r.startMs / 1000).toFixed(
        1,
      )} s; reading all tenants as the catalog sync does: ${fmt(
        r.snapshotMs,
      )} ms`,
      ...table([
        [
          'user',
          'endpoint',
          'req/s',
          'p50 ms',
          'p90 ms',
          'p99 ms',
          'max ms',
          '2xx',
          'non-2xx',
          'errors',
          'timeouts',
          'server loop delay p99/max ms',
          'sender late max ms',
          'target',
          'answer',
        ],
        ...r.rows.map(x => [
          x.user,
          x.endpoint,
          `${fmt(x.achievedRate)}/${x.targetRate}`,
          fmt(x.p50),
          fmt(x.p90),
          fmt(x.p99),
          fmt(x.max),
          x.ok,
          x.non2xx,
          x.errors,
          x.timeouts,
          `${fmt(x.loopP99)}/${fmt(x.loopMax)}`,
          fmt(x.generatorLateMs),
          targetOf(x),
          x.answer,
        ]),
      ]),
      `server memory: at rest RSS ${mb(r.memory.atRest.rss)} MB, heap ${mb(
        r.memory.atRest.heapUsed,
      )} MB; peak under load RSS ${mb(r.memory.peak.rss)} MB, heap ${mb(
        r.memory.peak.heapUsed,
      )} MB (VmHWM ${mb(r.memory.vmHWM)} MB)`,
    );
  }
  return out;
}

const loadAtStart = loadavg()[0];
const results = [];
let failed = false;
for (const db of databases) {
  try {
    results.push(await runOn(db));
  } catch (error) {
    failed = true;
    log(`${db}: failed: ${error?.stack ?? error}`);
  }
}
for (const line of report(results, loadAtStart))
  process.stdout.write(`${line}\n`);
if (args.json) {
  writeFileSync(
    args.json,
    `${JSON.stringify(
      { config: { ...args, rate, duration, warmup, connections }, results },
      null,
      2,
    )}\n`,
  );
}
process.exitCode = failed ? 1 : 0;
// Keep-alive sockets of the probes must not keep the benchmark alive.
setTimeout(() => process.exit(), 2000).unref();
