#!/usr/bin/env node
// Starts the real backend (SQLite or PostgreSQL), waits until every plugin has
// started by reading its log and its readiness endpoint, checks the Tenant
// Service and that the tenant template is in the catalog, then stops it.
//
//   node scripts/smoke-backend.mjs sqlite|postgres [--portal DIR] [--config FILE]...
//
// --portal runs the backend of another portal (scripts/adopter-portal.sh);
// --config adds config files. For postgres, POSTGRES_HOST/PORT/USER/PASSWORD
// must be set (scripts/postgres.sh env).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const [database, ...options] = process.argv.slice(2);
if (!['sqlite', 'postgres'].includes(database)) {
  console.error(
    'usage: smoke-backend.mjs sqlite|postgres [--portal DIR] [--config FILE]...',
  );
  process.exit(2);
}
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const optionValues = name =>
  options.flatMap((option, i) => (option === name ? [options[i + 1]] : []));
const portal = resolve(optionValues('--portal')[0] ?? repo);
const port = Number(process.env.SMOKE_BACKEND_PORT ?? 7017);
const baseUrl = `http://localhost:${port}`;
const token = randomBytes(24).toString('hex');
const startupDeadlineMs = 240_000;
const configs = [join(portal, 'app-config.yaml')];
if (database === 'postgres') {
  const production = join(portal, 'app-config.production.yaml');
  if (existsSync(production)) configs.push(production);
}
configs.push(join(repo, 'scripts/smoke/app-config.smoke.yaml'));
configs.push(...optionValues('--config').map(c => resolve(c)));

// On PostgreSQL every run gets databases of its own (and drops them), so
// that nothing an earlier run left in the catalog decides this one.
const databasePrefix = `smoke_${randomBytes(4).toString('hex')}_`;

function dropDatabases() {
  if (database !== 'postgres') return;
  const psql = args => {
    try {
      return execFileSync('psql', ['-Atq', '-d', 'postgres', '-c', args], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: process.env.POSTGRES_PASSWORD },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return '';
    }
  };
  process.env.PGHOST = process.env.POSTGRES_HOST;
  process.env.PGPORT = process.env.POSTGRES_PORT;
  process.env.PGUSER = process.env.POSTGRES_USER;
  const names = psql(
    `select datname from pg_database where datname like '${databasePrefix}%'`,
  );
  for (const name of names.split('\n').filter(Boolean)) {
    psql(`drop database if exists "${name}" with (force)`);
  }
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = msg => console.log(`[smoke:${database}] ${msg}`);

const backend = spawn(
  'yarn',
  ['workspace', 'backend', 'start', ...configs.flatMap(c => ['--config', c])],
  {
    cwd: portal,
    env: {
      ...process.env,
      SMOKE_ACCESS_TOKEN: token,
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_baseUrl: baseUrl,
      ...(database === 'postgres'
        ? { APP_CONFIG_backend_database_prefix: databasePrefix }
        : {}),
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);

const output = [];
const failures = [];
let ready = false;
let onReady;
let onFatal;
const readyOrExit = new Promise((resolve, reject) => {
  onReady = resolve;
  onFatal = line => reject(new Error(`backend failed to start: ${line}`));
  backend.on('exit', code =>
    reject(new Error(`backend exited with code ${code} before it was ready`)),
  );
});
for (const stream of [backend.stdout, backend.stderr]) {
  createInterface({ input: stream }).on('line', rawLine => {
    // eslint-disable-next-line no-control-regex
    const line = rawLine.replace(/\x1b\[[0-9;]*m/g, '');
    output.push(line);
    // `<time> <plugin> error <message>`: a warning (e.g. the Kubernetes
    // plugin of a portal without clusters) is not a start-up error.
    const level = line.split(/\s+/)[2];
    if (
      (level === 'error' || /startup failed/i.test(line)) &&
      /plugin|module|startup|boot|initiali/i.test(line)
    )
      failures.push(line);
    if (
      !ready &&
      /EADDRINUSE|Unhandled rejection|startup failed|Backend startup failed/i.test(
        line,
      )
    ) {
      onFatal(line);
    }
    if (!ready && /Plugin initialization complete/.test(line)) {
      ready = true;
      onReady();
    }
  });
}

// backstage-cli runs the backend as a child of its own watcher, in another
// process group, so the whole process tree is stopped, leaves first.
function descendants(pid) {
  let children = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    /* no children */
  }
  return children.flatMap(child => [...descendants(child), child]);
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

const isAlive = pid => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function stop() {
  signalAll([...descendants(backend.pid), backend.pid], 'SIGTERM');
}

// Stops the backend and waits until none of its processes is left (so the
// port is free for the next run), killing them outright after 15 seconds.
async function stopAndWait() {
  const pids = [...descendants(backend.pid), backend.pid];
  signalAll(pids, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) {
      signalAll(pids.filter(isAlive), 'SIGKILL');
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

process.on('exit', stop);

async function getJson(path, headers = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return {
    status: response.status,
    body: await response.json().catch(() => undefined),
  };
}

// The catalog ingests file locations in the background; follow it until the
// template shows up or the deadline passes.
async function waitForTemplate() {
  const deadline = Date.now() + 120_000;
  const auth = { Authorization: `Bearer ${token}` };
  for (let attempt = 0; ; attempt++) {
    const { status, body } = await getJson(
      '/api/catalog/entities/by-name/template/default/tenant-provisioning',
      auth,
    );
    if (status === 200) return body;
    if (Date.now() > deadline)
      throw new Error(
        `tenant template not in the catalog after 120s (last status ${status})`,
      );
    await new Promise(resolve =>
      setTimeout(resolve, Math.min(250 * 2 ** attempt, 2000)),
    );
  }
}

try {
  const timer = setTimeout(() => stop(), startupDeadlineMs);
  await readyOrExit;
  clearTimeout(timer);
  log(`all plugins initialized after ${elapsed()}`);

  const readiness = await getJson('/.backstage/health/v1/readiness');
  if (readiness.status !== 200)
    throw new Error(
      `readiness ${readiness.status}: ${JSON.stringify(readiness.body)}`,
    );
  if (failures.length)
    throw new Error(`plugin start-up errors:\n${failures.join('\n')}`);

  const health = await getJson('/api/tenants/health');
  if (health.status !== 200)
    throw new Error(`/api/tenants/health answered ${health.status}`);

  const template = await waitForTemplate();
  log(
    `template '${
      template.metadata.title
    }' is in the catalog after ${elapsed()}`,
  );
  await stopAndWait();
  dropDatabases();
  log('PASS');
  process.exit(0);
} catch (error) {
  console.error(output.slice(-60).join('\n'));
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const logFile = join(repo, 'test-results', `smoke-${database}.log`);
  writeFileSync(logFile, `${output.join('\n')}\n`);
  console.error(`[smoke:${database}] the backend's whole log: ${logFile}`);
  console.error(
    `[smoke:${database}] FAIL after ${elapsed()}: ${error.message}`,
  );
  stop();
  dropDatabases();
  process.exit(1);
}
