import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  stagedPasswordSecretName,
  tenantSpecSchema,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  applyObjects,
  ClusterRegistry,
  createRenderContext,
  FIELD_MANAGER,
  loadKubernetesClient,
  renderPhase,
  stagePassword,
  STAGED_FOR_CHANGE_REQUEST_LABEL,
  teardownTenant,
  tenantNamespaceName,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';
import request from 'supertest';
import { pluginTables } from '../__testUtils__/rowCounts';
import { specInputFor } from '../__testUtils__/specs';
import {
  asService,
  asUser,
  registerTenant,
  reportPhases,
} from '../__testUtils__/tenantApi';
import {
  applyTenantObjects,
  requireTestKubeconfigPath,
} from '../__testUtils__/testCluster';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { tenantsPlugin } from '../plugin';

/*
 * Data sources in change requests, against the local cluster (where the
 * staged passwords are): a request that adds one must name a password the
 * template staged in the tenant's namespace, the preview shows the
 * data-source Secrets that would change (never a value), two open requests
 * touching one data source conflict, and a rejected or applied request's
 * staged password is deleted. The password itself never reaches the Tenant
 * Service: it is in no answer and no row.
 */

jest.setTimeout(180_000);

const kubeconfigPath = requireTestKubeconfigPath();
const { databases, ids } = createTestDatabases();

const REQUESTER = 'user:default/tenant-admin';
const APPROVER = 'user:default/platform-admin';
const STAGE = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER_STAGE = '16fd2706-8baf-433b-82eb-8c7fada847da';
const PASSWORD = `pw-${Date.now().toString(36)}-4e1f9a0c7b`;
const OLD_PASSWORD = `old-${Date.now().toString(36)}-93d2c7e1a8`;
const unique = Date.now().toString(36);

const config = {
  tenants: {
    clusters: [
      {
        name: 'local',
        provider: 'azure',
        regions: ['westeurope'],
        preferred: true,
        kubeconfigPath,
      },
    ],
  },
};

const warehouse = {
  name: 'warehouse',
  type: 'postgresql',
  host: 'wh.example.com',
  port: 5432,
  database: 'analytics',
  user: 'reader',
  passwordSecret: 'dataSourcePassword_warehouse',
};
const crm = {
  name: 'crm',
  type: 'postgresql',
  host: 'db.example.com',
  port: 5432,
  database: 'crm',
  user: 'app',
};

describe.each(ids)('data-source change requests on %s', databaseId => {
  const slug = `dsr${unique}${databaseId === 'SQLITE_3' ? 's' : 'p'}`;
  const namespace = tenantNamespaceName(slug);
  const spec = tenantSpecSchema.parse({
    ...specInputFor(slug),
    dataSources: [warehouse],
    security: {
      authMethod: 'oidc',
      mfaPolicy: 'required-all',
      allowedCidrs: ['203.0.113.0/24'],
    },
  });
  const clusters = ClusterRegistry.fromConfig(new ConfigReader(config));
  let kubeConfig: KubeConfig;
  let server: any;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let tenantId: string;
  const answers: string[] = [];

  const api = () => request(server);
  const remember = <T extends { text: string }>(response: T) => {
    answers.push(response.text);
    return response;
  };
  const file = async (changes: object, user = REQUESTER) =>
    remember(
      await api()
        .post(`/api/tenants/v1/tenants/${tenantId}/change-requests`)
        .set(asUser(user))
        .send({ changes, reason: 'Data sources' }),
    );
  const preview = async (changes: object) =>
    remember(
      await api()
        .post(`/api/tenants/v1/tenants/${tenantId}/change-requests/preview`)
        .set(asUser(REQUESTER))
        .send({ changes }),
    );
  const decide = async (id: string, verb: 'approve' | 'reject') =>
    remember(
      await api()
        .post(`/api/tenants/v1/change-requests/${id}/${verb}`)
        .set(asUser(APPROVER))
        .send(verb === 'reject' ? { comment: 'Not now' } : {}),
    );
  const stage = (stageId: string, dataSource: string, password = PASSWORD) =>
    stagePassword(kubeConfig, {
      namespace,
      slug,
      dataSource,
      secretName: stagedPasswordSecretName(stageId, dataSource),
      password,
      stagedBy: REQUESTER,
    });
  const secret = async (name: string) => {
    const k8s = await loadKubernetesClient();
    try {
      return await kubeConfig
        .makeApiClient(k8s.CoreV1Api)
        .readNamespacedSecret({ name, namespace });
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  };

  beforeAll(async () => {
    kubeConfig = await clusters.kubeConfig('local');
    knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
    tenantId = await registerTenant(server, APPROVER, {
      spec,
      cluster: 'local',
    });
    await reportPhases(server, tenantId);
    // The tenant as provisioned: its warehouse password already in its Secret.
    await applyObjects(
      kubeConfig,
      renderPhase('namespace', spec, createRenderContext()),
      { fieldManager: FIELD_MANAGER },
    );
    const k8s = await loadKubernetesClient();
    await kubeConfig.makeApiClient(k8s.CoreV1Api).createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'datasource-warehouse' },
        stringData: { password: OLD_PASSWORD },
      },
    });
    await applyTenantObjects(kubeConfig, spec);
  });

  afterAll(async () => {
    await teardownTenant(kubeConfig, { spec, timeoutMs: 60_000 });
  });

  it('refuses an added data source without a staged password, naming the field and the template', async () => {
    const missing = await file({ dataSources: { add: [crm] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain(
      'changes.dataSources.add[0].passwordSecret: A new data source needs a password, which a change request never carries: file the change with the template template:default/tenant-data-source-change',
    );

    const notStaged = await file({
      dataSources: {
        add: [
          { ...crm, passwordSecret: stagedPasswordSecretName(STAGE, 'crm') },
        ],
      },
    });
    expect(notStaged.status).toBe(400);
    expect(notStaged.body.error.message).toContain(
      `changes.dataSources.add[0].passwordSecret: No password is staged as '${stagedPasswordSecretName(
        STAGE,
        'crm',
      )}' for data source 'crm' in the namespace of tenant '${slug}'`,
    );
    const nothing = await file({
      dataSources: { edit: [{ name: 'warehouse', port: 5432 }] },
    });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toContain(
      `Nothing to change: tenant '${slug}' already has data source warehouse as postgresql wh.example.com:5432, database analytics, user reader, TLS require`,
    );
    expect(await knex('tenant_change_requests').pluck('id')).toEqual([]);
  });

  it('previews the data-source Secrets that would change, never a value', async () => {
    const response = await preview({
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
      dataSources: {
        add: [
          { ...crm, passwordSecret: stagedPasswordSecretName(STAGE, 'crm') },
        ],
        edit: [
          {
            name: 'warehouse',
            passwordSecret: stagedPasswordSecretName(STAGE, 'warehouse'),
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.diff.map((e: any) => e.field)).toEqual([
      'security.allowedCidrs',
      'dataSources.crm',
      'dataSources.warehouse',
    ]);
    const differences = response.body.objects.differences;
    expect(differences).toContainEqual({
      type: 'missing',
      object: 'secret/datasource-crm',
      namespace,
      phase: 'secrets',
    });
    expect(differences).toContainEqual({
      type: 'field',
      object: 'secret/datasource-warehouse',
      namespace,
      phase: 'secrets',
      path: 'data.password',
    });
    expect(
      differences.filter((d: any) => d.object.startsWith('secret/')),
    ).toHaveLength(2);
    expect(differences.map((d: any) => d.object)).toContain(
      'networkpolicy/allow-ingress-from-cidrs',
    );
  });

  it('files a staged addition, refuses a second request touching it, and deletes the staged password once rejected', async () => {
    await stage(STAGE, 'crm');
    const staged = stagedPasswordSecretName(STAGE, 'crm');
    const filed = await file({
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
      dataSources: { add: [{ ...crm, passwordSecret: staged }] },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      changes: {
        dataSources: {
          add: [{ ...crm, tlsMode: 'require', passwordSecret: staged }],
        },
      },
      diff: [
        {
          field: 'security.allowedCidrs',
          from: ['203.0.113.0/24'],
          to: ['203.0.113.0/24', '198.51.100.0/24'],
        },
        {
          field: 'dataSources.crm',
          from: [],
          to: [
            'postgresql db.example.com:5432',
            'database crm',
            'user app',
            'TLS require',
            'new password',
          ],
        },
      ],
    });
    expect(
      (await secret(staged))?.metadata?.labels?.[
        STAGED_FOR_CHANGE_REQUEST_LABEL
      ],
    ).toBe(filed.body.id);

    await stage(OTHER_STAGE, 'crm');
    const conflicting = await file({
      dataSources: {
        add: [
          {
            ...crm,
            port: 5433,
            passwordSecret: stagedPasswordSecretName(OTHER_STAGE, 'crm'),
          },
        ],
      },
    });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error.message).toContain(
      `Change request ${filed.body.id} (pending, filed by ${REQUESTER}) already changes dataSources.crm`,
    );
    const removal = await file({ dataSources: { remove: ['crm'] } });
    expect(removal.status).toBe(400);
    expect(removal.body.error.message).toContain(
      `changes.dataSources.remove[0]: Tenant '${slug}' has no data source named 'crm' (it has warehouse)`,
    );

    expect((await decide(filed.body.id, 'reject')).status).toBe(200);
    expect(await secret(staged)).toBeUndefined();
    // Not named by any request: left for whoever staged it.
    expect(
      await secret(stagedPasswordSecretName(OTHER_STAGE, 'crm')),
    ).toBeDefined();
  });

  it('approves a staged edit with the target spec naming the staged password; applied, the staged password is deleted', async () => {
    await stage(STAGE, 'warehouse');
    const staged = stagedPasswordSecretName(STAGE, 'warehouse');
    const filed = await file({
      dataSources: {
        edit: [{ name: 'warehouse', user: 'writer', passwordSecret: staged }],
      },
    });
    expect(filed.status).toBe(201);
    const approved = await decide(filed.body.id, 'approve');
    expect(approved.status).toBe(200);
    const detail = remember(
      await api()
        .get(`/api/tenants/v1/change-requests/${filed.body.id}`)
        .set(asService),
    );
    expect(detail.body.targetSpec.dataSources).toEqual([
      {
        ...warehouse,
        tlsMode: 'require',
        user: 'writer',
        passwordSecret: staged,
      },
    ]);
    for (const type of ['started', 'applied']) {
      const reported = remember(
        await api()
          .post(`/api/tenants/v1/change-requests/${filed.body.id}/events`)
          .set(asService)
          .send({ type }),
      );
      expect(reported.status).toBe(200);
    }
    expect(await secret(staged)).toBeUndefined();
    const tenant = remember(
      await api()
        .get(`/api/tenants/v1/tenants/${tenantId}`)
        .set(asUser(APPROVER)),
    );
    expect(tenant.body.spec.dataSources[0]).toMatchObject({
      user: 'writer',
      passwordSecret: staged,
    });
  });

  it('never lets a password reach an answer or a row of the Tenant Service', async () => {
    const rows: string[] = [];
    for (const table of await pluginTables(knex)) {
      rows.push(JSON.stringify(await knex(table).select()));
    }
    const everything = [...answers, ...rows].join('\n');
    expect(everything).toContain(stagedPasswordSecretName(STAGE, 'crm'));
    for (const value of [PASSWORD, OLD_PASSWORD]) {
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(Buffer.from(value).toString('base64'));
    }
  });
});
