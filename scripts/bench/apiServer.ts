/*
 * The Tenant Service under load, for scripts/bench/apiLatency.mjs, which forks
 * this file twice per database with an IPC channel (not meant to be run by
 * hand):
 *
 * --mode seed   creates a fresh database of its own (an SQLite file in
 *               --sqlite-dir, or the PostgreSQL database `<prefix>tenants`),
 *               migrates it with the plugin's own migrations directory and
 *               seeds N tenants with realistic rows: one or two provisioning
 *               runs each, their eight phases with timestamps, run log lines
 *               and a registration audit event. The row shapes are those
 *               TenantStore, RunStore and AuditStore insert (Date objects for
 *               timestamps, JSON text for specs and details). Seeding runs in
 *               its own process so that it does not inflate the memory of the
 *               server.
 * --mode serve  starts the tenants backend plugin with `startTestBackend` and
 *               the product's database service factory (`databaseServiceFactory`
 *               of @backstage/backend-defaults, configured through
 *               `backend.database` as app-config does) on that database, and
 *               the real permission backend with the packaged tenant policy
 *               (auth accepts mock tokens; the catalog holding the users'
 *               groups is a stand-in). It tells the parent its port and an
 *               Authorization header for each of two users: the platform
 *               admin (the policy allows) and the admin of 5 tenants (a
 *               conditional decision, a filter in SQL), with the ids of those
 *               tenants; then it answers `memory`, `loop-delay` (the
 *               event loop's delay p99 and max since the last ask),
 *               `reset-peak` and `stop` messages; memory (RSS, heap) is sampled
 *               in-process every 100 ms and the peak kept since the last reset.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import type { JsonObject } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import tenantsPlugin from '@tenant-platform/backstage-plugin-tenants-backend';
import {
  realTenantPermissions,
  userEntity,
} from '../../packages/backend/src/__testUtils__/realPermissions';
import {
  PROVISIONING_PHASES,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    tenants: { type: 'string', default: '10000' },
    'log-lines': { type: 'string', default: '40' },
    'postgres-url': {
      type: 'string',
      default:
        process.env.TENANTS_BENCH_POSTGRES_URL ??
        'postgresql://postgres:postgres@127.0.0.1:54329',
    },
    prefix: { type: 'string', default: 'tenants_bench_api_' },
    mode: { type: 'string', default: 'serve' },
    'sqlite-dir': { type: 'string' },
    'drop-on-stop': { type: 'boolean', default: false },
  },
});

const log = (message: string) =>
  process.stderr.write(`[bench-api:${args.db}] ${message}\n`);
const send = (message: object) => process.send?.(message);

const ADMIN = 'user:default/platform-admin';
const TENANT_ADMIN = 'user:default/tenant-admin';
/** How many tenants the tenant admin administers. */
const TENANT_ADMIN_TENANTS = 5;
const MIGRATIONS = resolve(
  __dirname,
  '../../plugins/tenants-backend/migrations',
);

// ---------------------------------------------------------------------------
// Seed data

/** A deterministic pseudo-random generator, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(8);
const pick = <T>(values: readonly T[]) =>
  values[Math.floor(random() * values.length)];

const WORDS = [
  'acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne',
  'wonka', 'tyrell', 'cyberdyne', 'soylent', 'aperture', 'north', 'south',
  'east', 'west', 'alpha', 'beta', 'gamma', 'delta', 'orbit', 'vector',
  'summit', 'harbor', 'pioneer', 'quantum', 'nimbus', 'atlas', 'zenith',
  'ember', 'cobalt', 'falcon',
]; // prettier-ignore

/** Tenant states of a mature installation: mostly ready, some in every other state. */
const STATE_WEIGHTS: Array<[string, number]> = [
  ['ready', 0.85],
  ['failed', 0.05],
  ['provisioning', 0.03],
  ['pending', 0.02],
  ['rolled_back', 0.02],
  ['updating', 0.02],
  ['rolling_back', 0.01],
];
function pickState(): string {
  let r = random();
  for (const [state, weight] of STATE_WEIGHTS) {
    if ((r -= weight) < 0) return state;
  }
  return 'ready';
}

const LOG_MESSAGES = [
  'Applied: deployment/ai-engine created',
  'Applied: statefulset/postgres configured',
  'Waiting for deployment/api-gateway: 0/2 replicas of the current revision ready',
  'deployment/query-service is Current: Deployment is available. Replicas: 2',
  'Phase data-infrastructure completed: 3 workloads ready in 212.4 s',
  'Secret tenant-credentials created with 4 generated keys',
  'NetworkPolicy default-deny applied to namespace',
  'Ingress api created for host api.example.tenants.localhost',
];

interface Seeded {
  tenants: number;
  runs: number;
  phases: number;
  logs: number;
  ids: string[];
}

/** Inserts `count` tenants with their runs, phases, logs and audit events. */
async function seed(db: Knex, count: number, logLines: number) {
  const now = Date.now();
  const ids: string[] = [];
  const tenants: object[] = [];
  const runs: object[] = [];
  const phases: object[] = [];
  const logs: object[] = [];
  const audit: object[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `${pick(WORDS)}${pick(WORDS)}${i}`;
    const spec = tenantSpecSchema.parse({
      details: {
        name: `${pick(WORDS)} ${pick(WORDS)} ${i}`.replace(/^./, c =>
          c.toUpperCase(),
        ),
        slug,
        billingTier: pick(['starter', 'professional', 'enterprise']),
        adminEmail: `admin@${slug}.example`,
      },
      infrastructure: {
        cloudProvider: pick(['azure', 'aws', 'gcp']),
        region: 'westeurope',
        resourceTier: pick(['small', 'medium', 'large']),
      },
      dataSources: [
        {
          name: 'warehouse',
          type: 'postgresql',
          host: `db.${slug}.example`,
          port: 5432,
          database: 'analytics',
          user: 'reader',
          passwordSecret: 'warehousePassword',
        },
      ],
      modules: {},
      security: { authMethod: 'oidc', mfaPolicy: 'optional' },
    });
    const id = randomUUID();
    ids.push(id);
    const state = pickState();
    const createdAt = new Date(now - Math.floor(random() * 365 * 86_400_000));
    tenants.push({
      id,
      slug,
      name: spec.details.name,
      spec: JSON.stringify(spec),
      state,
      cluster: pick(['local-azure', 'local-aws', 'local-gcp']),
      billing_tier: spec.details.billingTier,
      resource_tier: spec.infrastructure.resourceTier,
      cloud_provider: spec.infrastructure.cloudProvider,
      spec_version: 1,
      created_by: ADMIN,
      created_at: createdAt,
      updated_at: createdAt,
    });
    audit.push({
      id: randomUUID(),
      at: createdAt,
      actor: ADMIN,
      action: 'tenant.register',
      tenant_id: id,
      outcome: 'success',
      details: JSON.stringify({ slug }),
    });

    // One run, or a failed first attempt and a second one (10 %).
    const attempts = state === 'failed' || random() < 0.1 ? 2 : 1;
    let t = createdAt.getTime();
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const last = attempt === attempts;
      const runId = randomUUID();
      // How far the run got: all phases, or up to a failed/running phase.
      let reached: number = PROVISIONING_PHASES.length;
      let runStatus = 'completed';
      if (!last || state === 'failed') {
        reached = 2 + Math.floor(random() * 6);
        runStatus = 'failed';
      } else if (state === 'provisioning') {
        reached = 1 + Math.floor(random() * 7);
        runStatus = 'in_progress';
      } else if (state === 'pending') {
        reached = 0;
        runStatus = 'pending';
      }
      const runCreated = new Date(t);
      let phaseT = t + 2000;
      for (const [index, phase] of PROVISIONING_PHASES.entries()) {
        const ordinal = index + 1;
        let status = 'pending';
        let startedAt: Date | null = null;
        let finishedAt: Date | null = null;
        if (ordinal <= reached) {
          startedAt = new Date(phaseT);
          const seconds = phase.expectedDurationSeconds * (0.5 + random());
          phaseT += seconds * 1000;
          const endsRun = ordinal === reached && runStatus !== 'completed';
          status = endsRun
            ? runStatus === 'failed'
              ? 'failed'
              : 'in_progress'
            : 'completed';
          finishedAt = status === 'in_progress' ? null : new Date(phaseT);
        }
        phases.push({
          run_id: runId,
          phase_id: phase.id,
          ordinal,
          status,
          started_at: startedAt,
          finished_at: finishedAt,
          error_message:
            status === 'failed'
              ? `Workload failed: deployment/ai-engine (pod/ai-engine-7d9f: CrashLoopBackOff)`
              : null,
        });
      }
      runs.push({
        id: runId,
        tenant_id: id,
        attempt,
        scaffolder_task_id: randomUUID(),
        status: runStatus,
        created_at: runCreated,
        started_at: reached > 0 ? new Date(t + 2000) : null,
        finished_at:
          runStatus === 'completed' || runStatus === 'failed'
            ? new Date(phaseT)
            : null,
      });
      if (reached > 0) {
        for (let l = 0; l < logLines; l++) {
          const phase =
            PROVISIONING_PHASES[
              Math.min(reached - 1, Math.floor((l * reached) / logLines))
            ];
          logs.push({
            run_id: runId,
            phase_id: phase.id,
            logged_at: new Date(t + 2000 + ((phaseT - t) * l) / logLines),
            level:
              l === logLines - 1 && runStatus === 'failed' ? 'error' : 'info',
            message: pick(LOG_MESSAGES),
          });
        }
      }
      t = phaseT + 60_000;
    }
  }

  // Chunks within SQLite's limits (500 terms in a compound SELECT, which
  // knex's multi-row insert uses there; 32766 bound variables).
  const insert = async (table: string, rows: object[]) => {
    const columns = rows.length ? Object.keys(rows[0]).length : 1;
    await db.batchInsert(
      table,
      rows,
      Math.min(400, Math.floor(30_000 / columns)),
    );
  };
  await insert('tenants', tenants);
  await insert('tenant_runs', runs);
  await insert('tenant_run_phases', phases);
  await insert('tenant_run_logs', logs);
  await insert('tenant_audit_events', audit);
  return {
    tenants: tenants.length,
    runs: runs.length,
    phases: phases.length,
    logs: logs.length,
    ids,
  } satisfies Seeded;
}

// ---------------------------------------------------------------------------
// Database

interface Database {
  /** `backend.database` of the backend's config. */
  config: JsonObject;
  /** A client of the same database for migrating and seeding. */
  connect(): Knex;
  /** Creates it empty (dropping what was there). */
  create(): Promise<void>;
  drop(): Promise<void>;
}

function database(): Database {
  if (args.db === 'sqlite') {
    const directory = args['sqlite-dir'];
    if (!directory) throw new Error('--sqlite-dir is required for SQLite');
    return {
      config: { client: 'better-sqlite3', connection: { directory } },
      connect: () =>
        knexFactory({
          client: 'better-sqlite3',
          connection: { filename: join(directory, 'tenants.sqlite') },
          useNullAsDefault: true,
        }),
      create: async () => {
        rmSync(directory, { recursive: true, force: true });
        mkdirSync(directory, { recursive: true });
      },
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  if (args.db === 'postgres') {
    const url = args['postgres-url']!.replace(/\/$/, '');
    const name = `${args.prefix}tenants`;
    const onServer = async (fn: (admin: Knex) => Promise<unknown>) => {
      const admin = knexFactory({ client: 'pg', connection: url });
      try {
        await fn(admin);
      } finally {
        await admin.destroy();
      }
    };
    const drop = () =>
      onServer(admin =>
        admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]),
      );
    return {
      config: { client: 'pg', connection: url, prefix: args.prefix },
      connect: () =>
        knexFactory({ client: 'pg', connection: `${url}/${name}` }),
      create: async () => {
        await drop();
        await onServer(admin => admin.raw('CREATE DATABASE ??', [name]));
      },
      drop,
    };
  }
  throw new Error(`--db must be sqlite or postgres, got ${args.db}`);
}

// ---------------------------------------------------------------------------

function readProcStatus(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `seed` mode: a fresh, migrated, seeded database; reports what it holds. */
async function seedMode() {
  const db = database();
  await db.create();
  const client = db.connect();
  try {
    const started = performance.now();
    await client.migrate.latest({ directory: MIGRATIONS });
    const seeded = await seed(
      client,
      Number(args.tenants),
      Number(args['log-lines']),
    );
    // As a database in use is once autovacuum has been by (visibility map
    // for index-only counts, statistics for the planner), and so that
    // autovacuum does not start on the fresh rows while endpoints are measured.
    if (args.db === 'postgres') await client.raw('VACUUM ANALYZE');
    const seedMs = performance.now() - started;
    log(
      `seeded ${seeded.tenants} tenants, ${seeded.runs} runs, ${
        seeded.phases
      } phases, ${seeded.logs} log lines in ${Math.round(seedMs)} ms`,
    );
    // What the catalog sync reads after every tenant change: every tenant
    // with its spec (TenantStore.listAllTenants), parsed.
    const t0 = performance.now();
    const all = await client('tenants')
      .select()
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    for (const row of all) JSON.parse(row.spec);
    const snapshotMs = performance.now() - t0;
    send({
      type: 'seeded',
      ids: seeded.ids,
      seeded: { ...seeded, ids: undefined },
      seedMs,
      snapshotMs,
    });
  } finally {
    await client.destroy();
  }
}

/** The seeded tenants the tenant admin administers: the first few by slug. */
async function tenantsOfTenantAdmin(
  db: Database,
): Promise<Array<{ id: string; slug: string }>> {
  const client = db.connect();
  try {
    return await client('tenants')
      .select('id', 'slug')
      .orderBy('slug')
      .limit(TENANT_ADMIN_TENANTS);
  } finally {
    await client.destroy();
  }
}

/** `serve` mode: the tenants plugin on the seeded database, until `stop`. */
async function serveMode() {
  const db = database();
  const administered = await tenantsOfTenantAdmin(db);
  const started = performance.now();
  const backend = await startTestBackend({
    features: [
      tenantsPlugin,
      databaseServiceFactory,
      ...realTenantPermissions,
      catalogServiceMock.factory({
        entities: [
          userEntity(ADMIN, 'platform-admin@example.com', [
            'group:default/platform-admins',
          ]),
          userEntity(
            TENANT_ADMIN,
            'tenant-admin@example.com',
            administered.map(t => `group:default/${t.slug}-admins`),
          ),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: db.config },
          permission: { enabled: true },
          tenants: {
            clusters: [
              { name: 'bench', provider: 'azure', regions: ['westeurope'] },
            ],
            // Measured are the routes; a drift round over 10,000 tenants is
            // load of its own.
            drift: { enabled: false },
          },
        },
      }),
    ],
  });
  const startMs = performance.now() - started;
  const address = backend.server.address();
  if (!address || typeof address === 'string') {
    await backend.stop();
    throw new Error(`the test backend listens on ${address}`);
  }

  let peak = { rss: 0, heapUsed: 0, heapTotal: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak = {
      rss: Math.max(peak.rss, m.rss),
      heapUsed: Math.max(peak.heapUsed, m.heapUsed),
      heapTotal: Math.max(peak.heapTotal, m.heapTotal),
    };
    return m;
  };
  const sampler = setInterval(sample, 100);
  // How long the event loop was held up (GC, synchronous work): what a
  // request arriving meanwhile waits before the server even reads it.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(sampler);
      loopDelay.disable();
      const t0 = performance.now();
      try {
        // Bounded: a stop that hangs must not hang the benchmark.
        await Promise.race([
          backend.stop(),
          new Promise(r => setTimeout(r, 15_000).unref()),
        ]);
      } finally {
        log(`backend stopped in ${Math.round(performance.now() - t0)} ms`);
        if (args['drop-on-stop']) await db.drop();
      }
    })());
  process.once('disconnect', () => void stop());
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'memory' || message.type === 'memory-gc') {
      // `memory-gc`: after a full garbage collection (with --expose-gc), so
      // that the heap at rest is what the server holds, not garbage.
      if (message.type === 'memory-gc') {
        (globalThis as { gc?: () => void }).gc?.();
      } else {
        sample();
      }
      const m = process.memoryUsage();
      send({
        type: message.type,
        now: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal },
        peak,
        vmHWM: readProcStatus('VmHWM'),
      });
    } else if (message.type === 'loop-delay') {
      send({
        type: message.type,
        p99Ms: loopDelay.percentile(99) / 1e6,
        maxMs: loopDelay.max / 1e6,
      });
      loopDelay.reset();
    } else if (message.type === 'reset-peak') {
      peak = { rss: 0, heapUsed: 0, heapTotal: 0 };
      sample();
      send({ type: 'reset-peak' });
    } else if (message.type === 'stop') {
      await stop();
      // Disconnect only once the answer is out, or it may be lost.
      process.send?.({ type: 'stopped' }, undefined, {}, () => {
        process.disconnect?.();
        // Whatever the stopped backend left open must not keep this alive.
        setTimeout(() => process.exit(), 2000).unref();
      });
    }
  });
  send({
    type: 'ready',
    port: address.port,
    users: [
      {
        name: 'platform admin',
        authorization: mockCredentials.user.header(ADMIN),
      },
      {
        name: 'tenant admin',
        authorization: mockCredentials.user.header(TENANT_ADMIN),
        ids: administered.map(t => t.id),
      },
    ],
    startMs,
  });
}

const mode = args.mode === 'seed' ? seedMode : serveMode;
mode().catch(error => {
  // Database errors carry the whole statement: keep the message short.
  const text = String(error?.stack ?? error);
  process.stderr.write(
    `[bench-api:${args.db}] failed: ${
      text.length > 2000
        ? `${text.slice(0, 1000)} ... ${text.slice(-1000)}`
        : text
    }\n`,
  );
  process.exitCode = 1;
  process.disconnect?.();
});
