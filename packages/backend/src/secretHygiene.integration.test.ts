import { randomBytes } from 'node:crypto';
import { tenantNamespaceName } from '@tenant-platform/backstage-plugin-tenants-node';
import { createCatalogCapture } from './__testUtils__/catalogCapture';
import { requestApproveApply } from './__testUtils__/changeRequests';
import { readSecretEntries } from './__testUtils__/clusterSecrets';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { createLogCapture } from './__testUtils__/logCapture';
import { createNotificationsSink } from './__testUtils__/notificationsSink';
import { createPluginDatabases } from './__testUtils__/pluginDatabases';
import {
  provisioningSecrets,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import {
  captureResponses,
  type CapturedResponse,
} from './__testUtils__/responseCapture';
import {
  databaseRowPlaces,
  findValues,
  type Place,
  type SecretValue,
} from './__testUtils__/secretSearch';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { pollTenant, tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * Generated secrets and data-source passwords never appear in task logs, REST
 * responses, catalog entities, audit events, log lines or database rows: a
 * tenant is provisioned through the real scaffolder (a first attempt fails,
 * the retry through the Tenant Service brings the password again), changed
 * by an approved change request and rolled back; then the actual values of
 * its Secrets, read from the cluster, are searched for everywhere the backend
 * put anything.
 */

jest.setTimeout(600_000);

const admin = as(PLATFORM_ADMIN);
const { databases, ids } = createTestDatabases();

// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[\d+m/g;

const unique = uniqueSuffix();

describe.each(ids)('secrets of a tenant on %s', databaseId => {
  const slug = `sh${unique}${databaseId === 'SQLITE_3' ? 's' : 'p'}`;
  const password = `pw-${randomBytes(16).toString('hex')}`;
  const logs = createLogCapture();
  const pluginDatabases = createPluginDatabases(databases, databaseId);
  const catalog = createCatalogCapture();
  const notifications = createNotificationsSink();
  let stack: FullStack;
  let responses: CapturedResponse[];
  const api = () => stack.api();
  let tenantId: string | undefined;
  const taskIds: string[] = [];
  const changeRequestIds: string[] = [];

  beforeAll(async () => {
    stack = await startFullStack({
      cluster: 'local-secret-hygiene',
      readinessTimeoutSeconds: 180,
      templates: ['tenant-provisioning', 'tenant-change'],
      features: [
        logs.factory,
        pluginDatabases.factory,
        notifications.factory,
        catalog.feature,
      ],
      extensionPoints: [catalog.extensionPoint],
    });
    responses = captureResponses(stack.server);
  });

  afterAll(() => stack?.stop());

  const tenant = async () =>
    (await api().get(`/api/tenants/v1/tenants/${tenantId}`).set(admin)).body;

  /** Follows a task to its end; throws with its log unless it ended as `expected`. */
  async function expectTask(taskId: string, expected: string) {
    const log = logMessages(await untilCompleted(api, taskId, admin));
    const status = await taskStatus(api, taskId, admin);
    if (status !== expected) {
      throw new Error(`Task ${taskId} ${status}:\n${log.join('\n')}`);
    }
  }

  /**
   * The values of the tenant's Secrets on the cluster, except entries that are
   * plain configuration (a key the Secret does not mark as secret, holding a
   * value of the tenant's spec, such as a data source's host) or too short to
   * be searched for without matching by chance.
   */
  async function secretValues(): Promise<SecretValue[]> {
    const spec = JSON.stringify((await tenant()).spec);
    const entries = await readSecretEntries(
      stack.kubeConfig,
      tenantNamespaceName(slug),
    );
    return entries
      .filter(e => e.value.length >= 8)
      .filter(e => e.markedSecret || !spec.includes(e.value))
      .map(e => ({ name: `Secret ${e.secret}/${e.key}`, value: e.value }));
  }

  /** Provisions (failing once, then retried) and changes the tenant; returns its secret values. */
  async function provisionAndChange(): Promise<SecretValue[]> {
    const secrets = provisioningSecrets(password);
    stack.renderContext.injectedFaults = { 'ai-engine': 'container-fail' };
    const taskId = await stack.startProvisioning(admin, { slug, secrets });
    taskIds.push(taskId);
    await expectTask(taskId, 'failed');
    tenantId = await tenantIdOf(api, slug, admin);

    stack.renderContext.injectedFaults = {};
    const retry = await api()
      .post(`/api/tenants/v1/tenants/${tenantId}/retry`)
      .set(admin)
      .send({ secrets });
    expect(retry.status).toBe(201);
    await expectTask(taskId, 'completed');
    expect(await tenant()).toMatchObject({ state: 'ready' });
    const provisioned = await secretValues();

    const { changeRequest } = await requestApproveApply(
      api,
      tenantId,
      { modules: { ml: true } },
      'We start training models',
    );
    taskIds.push(changeRequest.scaffolderTaskId);
    changeRequestIds.push(changeRequest.id);
    expect(await tenant()).toMatchObject({ state: 'ready', specVersion: 2 });
    const changed = await secretValues();
    return [
      ...provisioned,
      ...changed.filter(c => !provisioned.some(p => p.value === c.value)),
    ];
  }

  /** Reads what the Tenant Service's and the scaffolder's pages show. */
  async function readLikeTheUi() {
    const paths = [
      '/api/tenants/v1/tenants',
      `/api/tenants/v1/tenants?search=${slug}`,
      `/api/tenants/v1/tenants/${tenantId}`,
      `/api/tenants/v1/tenants/${tenantId}/status`,
      `/api/tenants/v1/tenants/${tenantId}/audit?limit=100`,
      `/api/tenants/v1/tenants/${tenantId}/spec-versions`,
      `/api/tenants/v1/tenants/${tenantId}/change-requests`,
      '/api/tenants/v1/change-requests',
      ...changeRequestIds.map(id => `/api/tenants/v1/change-requests/${id}`),
      '/api/scaffolder/v2/tasks',
      ...taskIds.flatMap(id => [
        `/api/scaffolder/v2/tasks/${id}`,
        `/api/scaffolder/v2/tasks/${id}/events`,
      ]),
    ];
    for (const path of paths) {
      const response = await api().get(path).set(admin);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  }

  async function rollBack(id: string): Promise<string> {
    await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(admin)
      .send({ cancel: true });
    const { state } = await pollTenant(
      api,
      id,
      admin,
      t => t.state !== 'rolling_back',
    );
    return state;
  }

  /** Everything the backend answered, emitted, logged or stored. */
  async function everywhere(): Promise<Record<string, Place[]>> {
    return {
      responses: responses.map(r => ({
        name: `the response to ${r.method} ${r.url} (${r.status})`,
        text: r.body,
      })),
      catalog: catalog.entities.map((entity, index) => ({
        name: `catalog entity ${entity.kind}:${entity.metadata.name} (emitted #${index})`,
        text: JSON.stringify(entity),
      })),
      audit: logs.lines
        .filter(line => line.isAuditEvent)
        .map((line, index) => ({
          name: `audit event #${index} (${line.message})`,
          text: line.text,
        })),
      logs: logs.lines
        .filter(line => !line.isAuditEvent)
        .map((line, index) => ({
          name: `log line #${index} (${line.level}: ${line.message
            .replace(ANSI_COLOUR, '')
            .slice(0, 80)})`,
          text: line.text,
        })),
      signals: stack.signals.signals.map((signal, index) => ({
        name: `signal #${index} on ${signal.channel}`,
        text: JSON.stringify(signal),
      })),
      notifications: notifications.sent.map((notification, index) => ({
        name: `notification #${index}`,
        text: JSON.stringify(notification),
      })),
      databases: await databaseRowPlaces(pluginDatabases.clients, databaseId),
    };
  }

  it('finds none of its generated secrets or its data-source password anywhere but in its Secrets', async () => {
    let secrets: SecretValue[] = [];
    let id = '';
    try {
      secrets = await provisionAndChange();
      id = tenantId ?? '';
      await readLikeTheUi();
      expect(await rollBack(id)).toBe('rolled_back');
      await readLikeTheUi();
    } finally {
      if (tenantId && (await tenant()).state !== 'rolled_back') {
        await rollBack(tenantId);
      }
    }

    // The values are the real ones: the user's password reached its Secret,
    // next to the generated passwords and keys.
    expect(secrets).toContainEqual({
      name: 'Secret datasource-warehouse/password',
      value: password,
    });
    expect(secrets.length).toBeGreaterThanOrEqual(6);

    const places = await everywhere();

    // The search finds what is known to be there, in every kind of place
    // (so that it cannot pass for having searched nothing), and in base64
    // wherever a value sits in an encoded blob.
    const found = (kind: string, value: string) =>
      findValues([{ name: 'known value', value }], places[kind]);
    expect(found('databases', slug)).toContainEqual(
      expect.stringMatching(/ of tenants, table tenants, /),
    );
    expect(found('databases', slug)).toContainEqual(
      expect.stringMatching(/ of scaffolder, table task_events, /),
    );
    expect(found('responses', slug)).toContainEqual(
      expect.stringMatching(/GET \/api\/tenants\/v1\/tenants \(200\)/),
    );
    expect(found('catalog', slug)).not.toEqual([]);
    expect(found('audit', taskIds[0])).not.toEqual([]);
    expect(found('logs', slug)).not.toEqual([]);
    expect(found('signals', id)).not.toEqual([]);
    expect(found('notifications', slug)).not.toEqual([]);
    for (const prefix of ['', 'a', 'ab']) {
      const blob = Buffer.from(`${prefix}{"slug":"${slug}"}`).toString(
        'base64',
      );
      expect(
        findValues(
          [{ name: 'slug', value: slug }],
          [{ name: 'blob', text: blob }],
        ),
      ).not.toEqual([]);
    }

    expect(findValues(secrets, Object.values(places).flat())).toEqual([]);
  });
});
