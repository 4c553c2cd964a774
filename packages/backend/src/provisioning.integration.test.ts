import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  signalsServiceRef,
  type SignalsService,
} from '@backstage/plugin-signals-node';
import {
  createTenantActions,
  TenantServiceClient,
} from '@internal/backstage-plugin-scaffolder-backend-module-tenants';
import tenantsPlugin from '@internal/backstage-plugin-tenants-backend';
import {
  ClusterRegistry,
  createRenderContext,
  listLabelledObjects,
  teardownKinds,
  teardownTenant,
  tenantSelector,
} from '@internal/backstage-plugin-tenants-node';
import { tenantSpecSchema } from '@internal/backstage-plugin-tenants-common';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

/**
 * The whole provisioning path in one backend: the real scaffolder runs the
 * tenant template's steps (our actions) against the local Kubernetes control
 * plane and reports to the real Tenant Service over HTTP; retry and rollback
 * go through the Tenant Service's API. Only the catalog (which serves the
 * template) and the signals service (which the test watches) are stand-ins.
 */

jest.setTimeout(300_000);

const kubeconfigPath = process.env.TENANTS_TEST_KUBECONFIG;
if (!kubeconfigPath) {
  throw new Error(
    'TENANTS_TEST_KUBECONFIG is not set. This test needs the local Kubernetes control plane: ' +
      "start it with 'tools/local-cluster/cluster.sh up' and export TENANTS_TEST_KUBECONFIG=<printed kubeconfig path>.",
  );
}

const ADMIN = 'user:default/platform-admin';
const asAdmin = { Authorization: mockCredentials.user.header(ADMIN) };
const CLUSTER = 'local-e2e';
const config = {
  tenants: {
    clusters: [
      {
        name: CLUSTER,
        provider: 'azure',
        regions: ['westeurope'],
        kubeconfigPath,
      },
    ],
    provisioning: { readinessTimeoutSeconds: 120 },
    rollback: { timeoutSeconds: 120 },
  },
};

const template = parseYaml(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../templates/tenant-provisioning/template.yaml',
    ),
    'utf8',
  ),
);
const templateRef = `template:default/${template.metadata.name}`;

/** The render context of the actions; tests inject faults into it between runs. */
const renderContext = createRenderContext();

const tenantActionsModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tenants-under-test',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config: rootConfig, discovery, auth }) {
        scaffolder.addActions(
          ...createTenantActions({
            config: rootConfig,
            tenantService: new TenantServiceClient({ discovery, auth }),
            renderContext,
          }),
        );
      },
    });
  },
});

type Signal = Parameters<SignalsService['publish']>[0];
const signals: Signal[] = [];
const signalWaiters: Array<() => boolean> = [];

/** Resolves with the first published signal (past or future) matching `predicate`. */
function signal(
  predicate: (message: any) => boolean,
  timeoutMs = 180_000,
): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('No matching tenant signal was published')),
      timeoutMs,
    );
    const check = () => {
      const found = signals.find(s => predicate(s.message));
      if (!found) return false;
      clearTimeout(timer);
      resolve(found.message);
      return true;
    };
    if (!check()) signalWaiters.push(check);
  });
}

const signalsFactory = createServiceFactory({
  service: signalsServiceRef,
  deps: {},
  factory: () => ({
    async publish(message: Signal) {
      signals.push(message);
      for (const waiter of [...signalWaiters]) {
        if (waiter()) signalWaiters.splice(signalWaiters.indexOf(waiter), 1);
      }
    },
  }),
});

let server: any;
let stopBackend: () => Promise<void>;
const api = () => request(server);
const slugs: string[] = [];

function valuesFor(slug: string) {
  return {
    name: `End-to-end ${slug}`,
    slug,
    billingTier: 'professional',
    adminEmail: 'admin@example.com',
    cloudProvider: 'azure',
    region: 'westeurope',
    resourceTier: 'small',
    dedicatedCompute: false,
    gpuEnabled: false,
    dataSources: [
      {
        name: 'warehouse',
        type: 'postgresql',
        host: 'db.example.com',
        port: 5432,
        database: 'analytics',
        user: 'reader',
        tlsMode: 'require',
        passwordSecret: 'dataSourcePassword_warehouse',
      },
    ],
    moduleCore: true,
    moduleBi: false,
    moduleMl: false,
    moduleDataPlatform: false,
    moduleContextGraph: false,
    authMethod: 'oidc',
    mfaPolicy: 'required-all',
    allowedCidrs: [],
  };
}

/** The tenant spec the template's validate step builds from these values. */
function specOf(values: ReturnType<typeof valuesFor>) {
  return {
    details: {
      name: values.name,
      slug: values.slug,
      billingTier: values.billingTier,
      adminEmail: values.adminEmail,
    },
    infrastructure: {
      cloudProvider: values.cloudProvider,
      region: values.region,
      resourceTier: values.resourceTier,
    },
    dataSources: values.dataSources,
    modules: {},
    security: { authMethod: values.authMethod, mfaPolicy: values.mfaPolicy },
  };
}

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-secret`;
const secrets = { dataSourcePassword_warehouse: PASSWORD };

async function startTask(slug: string): Promise<string> {
  slugs.push(slug);
  const response = await api()
    .post('/api/scaffolder/v2/tasks')
    .set(asAdmin)
    .send({ templateRef, values: valuesFor(slug), secrets });
  expect(response.status).toBe(201);
  return response.body.id;
}

interface TaskEvent {
  id: number;
  type: string;
  body: { message?: string; status?: string; stepId?: string };
}

/** Follows a task's event stream (long-poll) until its completion event. */
async function untilCompleted(taskId: string): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  for (;;) {
    const after = events.length ? `?after=${events[events.length - 1].id}` : '';
    const response = await api()
      .get(`/api/scaffolder/v2/tasks/${taskId}/events${after}`)
      .set(asAdmin);
    expect(response.status).toBe(200);
    events.push(...response.body);
    const completion = events.find(e => e.type === 'completion');
    if (completion) return events;
  }
}

/** The task's status after its completion event: failed, completed or cancelled. */
async function taskStatus(taskId: string): Promise<string> {
  const response = await api()
    .get(`/api/scaffolder/v2/tasks/${taskId}`)
    .set(asAdmin);
  return response.body.status;
}

// eslint-disable-next-line no-control-regex
const LEVEL_PREFIX = /^(\u001b\[\d+m)?\w+(\u001b\[\d+m)?: /;

/** The task view's log lines, without the level prefix (`info: `) the task logger adds. */
const messages = (events: TaskEvent[]) =>
  events
    .filter(e => e.type === 'log')
    .map(e => (e.body.message ?? '').replace(LEVEL_PREFIX, ''));

async function tenantIdOf(slug: string): Promise<string> {
  const list = await api().get('/api/tenants/v1/tenants').set(asAdmin);
  const tenant = list.body.items.find((t: any) => t.slug === slug);
  expect(tenant).toBeDefined();
  return tenant.id;
}

async function labelledObjects(slug: string) {
  const registry = ClusterRegistry.fromConfig(
    mockServices.rootConfig({ data: config }),
  );
  const spec = (
    await api()
      .get(`/api/tenants/v1/tenants/${await tenantIdOf(slug)}`)
      .set(asAdmin)
  ).body.spec;
  return listLabelledObjects(
    await registry.kubeConfig(CLUSTER),
    tenantSelector(slug),
    [...teardownKinds(spec, renderContext), { apiVersion: 'v1', kind: 'Pod' }],
  );
}

const unique = `${Date.now().toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;

beforeAll(async () => {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      tenantActionsModule,
      tenantsPlugin,
      signalsFactory,
      catalogServiceMock.factory({ entities: [template] }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  server = backend.server;
  stopBackend = () => backend.stop();
});

afterAll(async () => {
  // Leave nothing behind on the shared local cluster, whatever failed. The
  // test backend may already be shutting down here, so this talks to the
  // cluster directly.
  const registry = ClusterRegistry.fromConfig(
    mockServices.rootConfig({ data: config }),
  );
  const kubeConfig = await registry.kubeConfig(CLUSTER);
  for (const slug of slugs) {
    const spec = tenantSpecSchema.parse({
      ...specOf(valuesFor(slug)),
      modules: {
        core: true,
        bi: true,
        ml: true,
        dataPlatform: true,
        contextGraph: true,
      },
    });
    await teardownTenant(kubeConfig, { spec, timeoutMs: 60_000 });
  }
  await stopBackend?.();
});

describe('tenant provisioning through the scaffolder', () => {
  it('fails on a crashing data-plane workload, retries from that phase through the Tenant Service, and rolls back to nothing', async () => {
    const slug = `e2e${unique}`;
    renderContext.injectedFaults = { 'ai-engine': 'container-fail' };
    const taskId = await startTask(slug);
    const failedRun = await untilCompleted(taskId);
    const failedLog = messages(failedRun);

    expect(await taskStatus(taskId)).toBe('failed');
    expect(failedLog).toContainEqual(
      expect.stringMatching(
        /^Phase data-plane failed: Workload failed: deployment\/ai-engine \(pod\/ai-engine-.*CrashLoopBackOff/,
      ),
    );
    expect(failedLog).toContainEqual(
      expect.stringMatching(/^Phase control-plane completed: /),
    );
    const id = await tenantIdOf(slug);
    const failedStatus = await api()
      .get(`/api/tenants/v1/tenants/${id}/status`)
      .set(asAdmin);
    expect(failedStatus.body).toMatchObject({
      tenant_id: id,
      status: 'failed',
      phase_name: 'Data Plane',
      total_phases: 8,
    });

    // The fault is gone; the retry runs the same task again from the data plane.
    renderContext.injectedFaults = {};
    const retry = await api()
      .post(`/api/tenants/v1/tenants/${id}/retry`)
      .set(asAdmin)
      .send({ secrets });
    expect(retry.status).toBe(201);
    expect(retry.body.run).toMatchObject({
      attempt: 2,
      scaffolderTaskId: taskId,
    });
    const retriedRun = await untilCompleted(taskId);
    const retriedLog = messages(retriedRun);
    expect(await taskStatus(taskId)).toBe('completed');
    for (const phase of [
      'namespace',
      'secrets',
      'data-infrastructure',
      'control-plane',
    ]) {
      expect(retriedLog).toContain(
        `Phase ${phase} already completed in an earlier attempt of this task; skipping`,
      );
    }
    expect(retriedLog).toContainEqual(
      expect.stringMatching(/^Phase data-plane completed: /),
    );
    const ready = await api().get(`/api/tenants/v1/tenants/${id}`).set(asAdmin);
    expect(ready.body).toMatchObject({ state: 'ready' });
    expect(ready.body.latestRun).toMatchObject({
      attempt: 2,
      status: 'completed',
    });

    // Nothing the task logged or the Tenant Service returns holds the password.
    const everything = [
      ...failedLog,
      ...retriedLog,
      JSON.stringify(ready.body),
      JSON.stringify(
        (await api().get(`/api/tenants/v1/tenants/${id}/status`).set(asAdmin))
          .body,
      ),
    ];
    expect(everything.filter(line => line.includes(PASSWORD))).toEqual([]);

    // Rollback tears everything down and proves it by listing.
    expect(await labelledObjects(slug)).not.toEqual([]);
    const rollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(rollback.status).toBe(202);
    expect(rollback.body).toMatchObject({
      started: true,
      tenant: { state: 'rolling_back' },
    });
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    expect(await labelledObjects(slug)).toEqual([]);
    const status = await api()
      .get(`/api/tenants/v1/tenants/${id}/status`)
      .set(asAdmin);
    expect(status.body.logs.at(-1)).toMatch(
      /Rollback completed: \d+ object\(s\) deleted, none with the tenant's labels left$/,
    );

    // A second rollback is harmless and ends the same way.
    signals.length = 0;
    const again = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(again.status).toBe(202);
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    const retryAfterRollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/retry`)
      .set(asAdmin);
    expect(retryAfterRollback.status).toBe(409);
  });

  it('refuses to roll back a running provisioning unless asked to cancel it, then cancels and tears down', async () => {
    const slug = `e2c${unique}`;
    signals.length = 0;
    renderContext.injectedFaults = { postgres: 'never-ready' };
    const taskId = await startTask(slug);
    const started = await signal(
      m =>
        m.state === 'provisioning' &&
        m.phase?.id === 'data-infrastructure' &&
        m.phase?.status === 'in_progress',
    );
    const id = started.tenantId;

    const refused = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Attempt 1 is still in progress (phase data-infrastructure in progress); roll back with {"cancel": true} to cancel its scaffolder task first',
    );

    const rollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin)
      .send({ cancel: true });
    expect(rollback.status).toBe(202);
    expect(rollback.body.cancelledTaskId).toBe(taskId);
    const events = await untilCompleted(taskId);
    expect(events.map(e => e.type)).toContain('cancelled');
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    expect(await labelledObjects(slug)).toEqual([]);

    const audit = await api()
      .get(`/api/tenants/v1/tenants/${id}/audit`)
      .set(asAdmin);
    expect(
      audit.body.items.map((e: any) => `${e.action} ${e.outcome}`),
    ).toEqual(
      expect.arrayContaining([
        'tenant.rollback failure',
        'tenant.rollback success',
        'tenant.rollback.finish success',
      ]),
    );
    renderContext.injectedFaults = {};
  });
});
