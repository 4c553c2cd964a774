import { randomBytes } from 'node:crypto';
import {
  stagedPasswordSecretName,
  stagedPasswords,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  stagePassword,
  tenantNamespaceName,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { requestApproveApply } from './__testUtils__/changeRequests';
import {
  changedBetween,
  snapshotTenantObjects,
} from './__testUtils__/objectSnapshots';
import { readSecretEntries } from './__testUtils__/clusterSecrets';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import { createLogCapture } from './__testUtils__/logCapture';
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
} from './__testUtils__/secretSearch';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { templateRefOf, readTemplate } from './__testUtils__/templates';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN, TENANT_ADMIN } from './__testUtils__/users';

/**
 * Data sources in change requests, end to end in one backend on the local
 * Kubernetes control plane:
 *
 * 1. a tenant admin runs the template `tenant-data-source-change` through the
 *    real scaffolder to add a data source: its action stages the password (a
 *    scaffolder secret) in the tenant's namespace and files the change
 *    request; a platform admin rejects it and the staged password is gone;
 * 2. one change request edits the allowed ranges and adds a data source whose
 *    password is staged as the template's action stages it: previewed,
 *    approved and applied by the `tenant-change` task, exactly the objects
 *    the preview lists change (labels, annotations and content of every
 *    object of 11 kinds compared): the NetworkPolicy admitting the ranges,
 *    the ingress allow-list and the tenant configuration with the control
 *    plane that reads it (as for any change of the ranges), the new
 *    data-source Secret, and the query engine, the data-plane workload that
 *    mounts each data source's Secret; the staged password is deleted;
 * 3. the passwords are in the data sources' Secrets and nowhere in the
 *    Tenant Service's or the scaffolder's answers, database rows, log lines
 *    or task logs.
 */

jest.setTimeout(900_000);

const { databases, ids } = createTestDatabases();
const databaseId = ids[ids.length - 1];
const pluginDatabases = createPluginDatabases(databases, databaseId);
const logs = createLogCapture();

let stack: FullStack;
let responses: CapturedResponse[];
const api = () => stack.api();
const slug = `ds${uniqueSuffix()}`;
const namespace = tenantNamespaceName(slug);
const warehousePassword = `pw-${randomBytes(12).toString('hex')}`;
const legacyPassword = `pw-${randomBytes(12).toString('hex')}`;
const crmPassword = `pw-${randomBytes(12).toString('hex')}`;
const taskIds: string[] = [];

/** The names of the Secrets in the tenant's namespace. */
async function secretNames(): Promise<string[]> {
  const entries = await readSecretEntries(stack.kubeConfig, namespace);
  return [...new Set(entries.map(e => e.secret))].sort();
}

/** A data source Secret's password on the cluster. */
async function passwordOf(secret: string): Promise<string | undefined> {
  const entries = await readSecretEntries(stack.kubeConfig, namespace);
  return entries.find(e => e.secret === secret && e.key === 'password')?.value;
}

async function expectTask(taskId: string, headers: Record<string, string>) {
  const log = logMessages(await untilCompleted(api, taskId, headers));
  if ((await taskStatus(api, taskId, headers)) !== 'completed') {
    throw new Error(`Task ${taskId} failed:\n${log.join('\n')}`);
  }
  return log;
}

describe('data sources in change requests', () => {
  // Inside the describe: the backend stops before the test databases go.
  beforeAll(async () => {
    stack = await startFullStack({
      cluster: 'local-data-source-change',
      readinessTimeoutSeconds: 180,
      templates: [
        'tenant-provisioning',
        'tenant-change',
        'tenant-data-source-change',
      ],
      features: [logs.factory, pluginDatabases.factory],
    });
    responses = captureResponses(stack.server);
  });

  afterAll(() => stack?.stop());

  it('adds a data source with the allowed ranges in one request: exactly what the preview lists changes, and its password is nowhere but in its Secret', async () => {
    const provisioning = await stack.startProvisioning(as(PLATFORM_ADMIN), {
      slug,
      secrets: provisioningSecrets(warehousePassword),
      values: {
        name: `Data source change ${slug}`,
        allowedCidrs: ['203.0.113.0/24'],
      },
    });
    taskIds.push(provisioning);
    await expectTask(provisioning, as(PLATFORM_ADMIN));
    const tenantId = await tenantIdOf(api, slug, as(PLATFORM_ADMIN));

    // 1. The template, as a tenant admin: the password is staged and the
    // request names it; rejected, the staged password is deleted.
    const template = readTemplate('tenant-data-source-change');
    const started = await api()
      .post('/api/scaffolder/v2/tasks')
      .set(as(TENANT_ADMIN))
      .send({
        templateRef: templateRefOf(template),
        values: {
          tenant: slug,
          operation: 'add',
          name: 'legacy',
          type: 'mysql',
          host: 'legacy.example.com',
          port: 3306,
          database: 'legacy',
          user: 'app',
          tlsMode: 'require',
          dataSourcePassword: '*'.repeat(legacyPassword.length),
          reason: 'The legacy ERP feeds the dashboards',
        },
        secrets: { dataSourcePassword: legacyPassword },
      });
    expect(started.status).toBe(201);
    taskIds.push(started.body.id);
    const templateLog = await expectTask(started.body.id, as(TENANT_ADMIN));
    const stagedLegacy = stagedPasswordSecretName(started.body.id, 'legacy');
    expect(templateLog.join('\n')).toContain(
      `Staged the password of data source legacy in Secret ${stagedLegacy}`,
    );
    expect(await passwordOf(stagedLegacy)).toBe(legacyPassword);
    const pending = await api()
      .get(`/api/tenants/v1/tenants/${tenantId}/change-requests?status=pending`)
      .set(as(TENANT_ADMIN));
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({
      requestedBy: TENANT_ADMIN,
      changes: {
        dataSources: {
          add: [{ name: 'legacy', passwordSecret: stagedLegacy }],
        },
      },
    });
    const rejected = await api()
      .post(
        `/api/tenants/v1/change-requests/${pending.body.items[0].id}/reject`,
      )
      .set(as(PLATFORM_ADMIN))
      .send({ comment: 'Use the warehouse instead' });
    expect(rejected.status).toBe(200);
    expect(await secretNames()).not.toContain(stagedLegacy);

    // 2. One request: other allowed ranges and a new data source, its
    // password staged as the template's action stages it.
    const stageId = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
    const stagedCrm = stagedPasswordSecretName(stageId, 'crm');
    await stagePassword(stack.kubeConfig, {
      namespace,
      slug,
      dataSource: 'crm',
      secretName: stagedCrm,
      password: crmPassword,
      stagedBy: TENANT_ADMIN,
    });
    const changes = {
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
      dataSources: {
        add: [
          {
            name: 'crm',
            type: 'postgresql',
            host: 'crm.example.com',
            port: 5432,
            database: 'crm',
            user: 'app',
            passwordSecret: stagedCrm,
          },
        ],
      },
    };
    const before = await snapshotTenantObjects(stack.kubeConfig, slug);
    const preview = await api()
      .post(`/api/tenants/v1/tenants/${tenantId}/change-requests/preview`)
      .set(as(TENANT_ADMIN))
      .send({ changes });
    expect(preview.status).toBe(200);
    expect(preview.body.diff.map((e: any) => e.field)).toEqual([
      'security.allowedCidrs',
      'dataSources.crm',
    ]);
    expect(preview.body.objects.differences).toContainEqual({
      type: 'missing',
      object: 'secret/datasource-crm',
      namespace,
      phase: 'secrets',
    });
    const previewed = [
      ...new Set<string>(
        preview.body.objects.differences.map((d: any) => d.object),
      ),
    ].sort();

    const applied = await requestApproveApply(
      api,
      tenantId,
      changes,
      'The new office and the CRM',
    );
    taskIds.push(applied.changeRequest.scaffolderTaskId);
    expect(applied.changeRequest).toMatchObject({
      status: 'applied',
      appliedSpecVersion: 2,
    });
    expect(applied.log.join('\n')).toContain(
      'add data source crm (postgresql crm.example.com:5432)',
    );

    const after = await snapshotTenantObjects(stack.kubeConfig, slug);
    const changed = changedBetween(before, after);
    expect(changed).toEqual(previewed);
    expect(changed).toEqual([
      'configmap/tenant-config',
      'deployment/query-engine',
      'deployment/tenant-config',
      'ingress/tenant',
      'networkpolicy/allow-ingress-from-cidrs',
      'secret/datasource-crm',
    ]);
    // The new Secret holds the staged password, the old one keeps its own,
    // and the staged Secret is gone.
    expect(await passwordOf('datasource-crm')).toBe(crmPassword);
    expect(await passwordOf('datasource-warehouse')).toBe(warehousePassword);
    expect(await secretNames()).not.toContain(stagedCrm);
    expect(stagedPasswords(applied.changeRequest.changes.dataSources)).toEqual([
      { dataSource: 'crm', secretName: stagedCrm },
    ]);

    // Applied, the request's preview has nothing left to apply.
    const afterwards = await api()
      .get(
        `/api/tenants/v1/change-requests/${applied.changeRequest.id}/preview`,
      )
      .set(as(TENANT_ADMIN));
    expect(afterwards.body).toMatchObject({
      diff: [],
      objects: { state: 'in_sync', differences: [] },
    });

    // 3. The passwords are nowhere but in their Secrets: not in any answer
    // (task logs and events included: the test read them through the API),
    // database row or log line.
    for (const id of taskIds) {
      await api().get(`/api/scaffolder/v2/tasks/${id}`).set(as(PLATFORM_ADMIN));
      await api()
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set(as(PLATFORM_ADMIN));
    }
    await api()
      .get(`/api/tenants/v1/change-requests/${applied.changeRequest.id}`)
      .set(as(PLATFORM_ADMIN));
    await api()
      .get(`/api/tenants/v1/tenants/${tenantId}/audit?limit=100`)
      .set(as(PLATFORM_ADMIN));
    const places: Place[] = [
      ...responses.map(r => ({
        name: `the response to ${r.method} ${r.url} (${r.status})`,
        text: r.body,
      })),
      ...logs.lines.map((line, index) => ({
        name: `log line #${index} (${line.message.slice(0, 80)})`,
        text: line.text,
      })),
      ...(await databaseRowPlaces(pluginDatabases.clients, databaseId)),
    ];
    // The search finds what is there: the staged Secret's name in the
    // change request's row and in the task log.
    expect(
      findValues([{ name: 'staged name', value: stagedCrm }], places),
    ).toContainEqual(expect.stringMatching(/table tenant_change_requests/));
    expect(
      findValues([{ name: 'staged name', value: stagedLegacy }], places),
    ).toContainEqual(expect.stringMatching(/table task_events/));
    expect(
      findValues(
        [
          { name: 'the legacy password', value: legacyPassword },
          { name: 'the crm password', value: crmPassword },
          { name: 'the warehouse password', value: warehousePassword },
        ],
        places,
      ),
    ).toEqual([]);
  });
});
