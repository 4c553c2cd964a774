import {
  loadKubernetesClient,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { setTenantFaults } from './__testUtils__/injectedFaults';
import { tearDownTenants } from './__testUtils__/localCluster';
import {
  createPluginDatabases,
  type Knex,
} from './__testUtils__/pluginDatabases';
import {
  provisioningSecrets,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { tenantIdOf } from './__testUtils__/tenants';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * A platform version rolled out for real: three tenants provisioned by the
 * real scaffolder on the local control plane while config names 1.0.0 as
 * the version in force; the backend restarted with 1.1.0 in force finds
 * them behind, and a rollout upgrades them in two waves. An injected fault
 * fails one upgrade and stops the rollout; the fault cleared, the tenant is
 * retried and the rollout resumed; the backend is restarted during the pause
 * before the last wave, and the new one finishes the rollout. Every tenant
 * then runs the new images and is in sync with version 1.1.0.
 */

jest.setTimeout(1_200_000);

const { databases, ids } = createTestDatabases();
// The restarts keep the plugins' databases: PostgreSQL when the test command
// provides it, as in production.
const databaseId = ids[ids.length - 1];
const clients = new Map<string, Knex>();
const admin = as(PLATFORM_ADMIN);
const unique = uniqueSuffix();
const slugs = ['a', 'b', 'c'].map(s => `ro${unique}${s}`);
const FAULTS_OWNER = 'rollout-integration-test';

const versions = (current: string) => ({
  platformVersions: {
    current,
    versions: [
      { version: '1.0.0', imageTag: '1.0.0' },
      { version: '1.1.0', imageTag: '1.1.0' },
    ],
  },
  rollouts: {
    schedule: { frequency: { seconds: 2 }, timeout: { seconds: 60 } },
  },
});

let stack: FullStack | undefined;
const api = () => stack!.api();

async function startBackend(current: string) {
  stack = await startFullStack({
    cluster: 'local-rollout',
    readinessTimeoutSeconds: 120,
    templates: ['tenant-provisioning', 'tenant-change'],
    faultInjection: true,
    tearDownTenants: false,
    tenants: versions(current),
    features: [
      createPluginDatabases(databases, databaseId, clients).factory,
      // The real scheduler: the runner's rounds come from its schedule (and
      // a restarted backend's first round), as in production.
      schedulerServiceFactory,
    ],
  });
  return stack;
}

async function stopBackend() {
  await stack?.stop();
  stack = undefined;
}

afterAll(async () => {
  const kubeConfig = stack?.kubeConfig;
  await stopBackend();
  if (kubeConfig) {
    await setTenantFaults(kubeConfig, {
      fieldManager: FAULTS_OWNER,
      slug: slugs[1],
      faults: {},
    });
    await tearDownTenants(kubeConfig, slugs);
  }
});

/** Reads the rollout until `until` holds; the runner works in the background. */
async function rolloutWhen(
  id: string,
  until: (rollout: any) => boolean,
  what: string,
  timeoutMs = 300_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api()
      .get(`/api/tenants/v1/rollouts/${id}`)
      .set(admin);
    if (until(body)) return body;
    if (Date.now() > deadline) {
      throw new Error(
        `Rollout never ${what}: ${JSON.stringify(body, null, 2)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

const tenantIn = (rollout: any, slug: string) =>
  rollout.tenants.find((t: any) => t.tenantSlug === slug);

async function imageOf(slug: string, deployment: string) {
  const { AppsV1Api } = await loadKubernetesClient();
  const apps = stack!.kubeConfig.makeApiClient(AppsV1Api);
  const live = await apps.readNamespacedDeployment({
    name: deployment,
    namespace: tenantNamespaceName(slug),
  });
  return live.spec?.template.spec?.containers[0].image;
}

it('rolls a platform version out in waves through a failure and a backend restart', async () => {
  // Day 1: three tenants on 1.0.0.
  await startBackend('1.0.0');
  const tasks = await Promise.all(
    slugs.map(slug =>
      stack!.startProvisioning(admin, {
        slug,
        secrets: provisioningSecrets(),
      }),
    ),
  );
  for (const taskId of tasks) {
    const events = await untilCompleted(api, taskId, admin);
    const status = await taskStatus(api, taskId, admin);
    if (status !== 'completed') {
      throw new Error(
        `Provisioning ${status}:\n${logMessages(events)
          .filter(l => /error|fail/i.test(l))
          .slice(0, 6)
          .join('\n')}`,
      );
    }
  }
  const tenantIds = await Promise.all(
    slugs.map(slug => tenantIdOf(api, slug, admin)),
  );
  expect(await imageOf(slugs[0], 'tenant-config')).toBe(
    'registry.tenants.dev/platform/tenant-config:1.0.0',
  );
  await stopBackend();

  // The platform team declares 1.1.0 in force: the tenants are behind.
  await startBackend('1.1.0');
  const platform = await api()
    .get('/api/tenants/v1/platform-versions')
    .set(admin);
  expect(platform.body.current).toBe('1.1.0');
  expect(platform.body.tenantsBehind).toBeGreaterThanOrEqual(3);
  const preview = await api()
    .post(`/api/tenants/v1/tenants/${tenantIds[0]}/change-requests/preview`)
    .set(admin)
    .send({ changes: { platformVersion: '1.1.0' } });
  expect(preview.status).toBe(200);
  expect(preview.body.diff).toEqual([
    { field: 'platformVersion', from: '1.0.0', to: '1.1.0' },
  ]);
  expect(preview.body.objects.differences).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        object: 'deployment/tenant-config',
        live: 'registry.tenants.dev/platform/tenant-config:1.0.0',
        desired: 'registry.tenants.dev/platform/tenant-config:1.1.0',
      }),
    ]),
  );

  // The second tenant's upgraded pods will crash.
  await setTenantFaults(stack!.kubeConfig, {
    fieldManager: FAULTS_OWNER,
    slug: slugs[1],
    faults: { 'tenant-config': 'container-fail' },
  });
  const started = await api().post('/api/tenants/v1/rollouts').set(admin).send({
    tenantIds,
    waveSize: 2,
    pauseSeconds: 30,
    maxFailures: 1,
    reason: 'Platform 1.1.0',
  });
  expect(started.status).toBe(201);
  expect(started.body).toMatchObject({ waves: 2, state: 'running' });
  const rolloutId = started.body.id;

  // The first tenant's upgrade, in the same wave, finishes after the stop.
  const stopped = await rolloutWhen(
    rolloutId,
    r => r.state === 'stopped' && tenantIn(r, slugs[0]).state !== 'upgrading',
    'stopped',
  );
  expect(tenantIn(stopped, slugs[0]).state).toBe('upgraded');
  expect(tenantIn(stopped, slugs[1])).toMatchObject({ state: 'failed' });
  expect(tenantIn(stopped, slugs[1]).errorMessage).toMatch(
    /^The upgrade failed: /,
  );
  expect(tenantIn(stopped, slugs[2]).state).toBe('pending');
  expect(stopped.stateReason).toBe(
    `1 tenant(s) failed (the rollout stops at 1): ${slugs[1]}`,
  );

  // The fault fixed, the failed tenant is retried and the rollout resumed.
  await setTenantFaults(stack!.kubeConfig, {
    fieldManager: FAULTS_OWNER,
    slug: slugs[1],
    faults: {},
  });
  const retried = await api()
    .post(`/api/tenants/v1/rollouts/${rolloutId}/tenants/${tenantIds[1]}/retry`)
    .set(admin)
    .send({});
  expect(retried.status).toBe(200);
  await rolloutWhen(
    rolloutId,
    r => tenantIn(r, slugs[1]).state === 'upgraded',
    `upgraded ${slugs[1]} on retry`,
  );
  const resumed = await api()
    .post(`/api/tenants/v1/rollouts/${rolloutId}/resume`)
    .set(admin)
    .send({});
  expect(resumed.status).toBe(200);
  const pausing = await rolloutWhen(
    rolloutId,
    r => r.currentWave === 1 && r.nextWaveAt,
    'paused between the waves',
  );
  expect(tenantIn(pausing, slugs[2]).state).toBe('pending');

  // A restart during the pause: the next backend runs the last wave.
  await stopBackend();
  await startBackend('1.1.0');
  const done = await rolloutWhen(
    rolloutId,
    r => r.state === 'completed',
    'completed',
  );
  expect(done.counts).toMatchObject({ upgraded: 3, failed: 0, pending: 0 });
  // Figures for docs/performance.md ("Rollouts"), not assertions.
  const seconds = (t: any) =>
    (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000;
  process.stdout.write(
    `Rollout ${rolloutId}: ${done.tenants
      .map((t: any) => `${t.tenantSlug} wave ${t.wave + 1} ${seconds(t)} s`)
      .join(', ')}; created ${done.createdAt}, finished ${done.finishedAt}\n`,
  );

  for (const [index, slug] of slugs.entries()) {
    const { body: tenant } = await api()
      .get(`/api/tenants/v1/tenants/${tenantIds[index]}`)
      .set(admin);
    expect(tenant).toMatchObject({ platformVersion: '1.1.0', state: 'ready' });
    expect(await imageOf(slug, 'tenant-config')).toBe(
      'registry.tenants.dev/platform/tenant-config:1.1.0',
    );
    const check = await api()
      .post(`/api/tenants/v1/tenants/${tenantIds[index]}/drift/check`)
      .set(admin)
      .send({});
    expect(check.body).toMatchObject({ state: 'in_sync' });
  }
});
