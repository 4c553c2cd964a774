import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applyTenantChanges,
  effectiveChanges,
  stagedPasswordSecretName,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  applyObjects,
  createRenderContext,
  deleteStagedPasswords,
  listCrdNames,
  prepareStatefulSetStorage,
  pruneObjects,
  readExistingSecretValues,
  readStagedPasswords,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { appliedAsCreated } from '../__testUtils__/appliedAsCreated';
import { testTenantSpec } from '../__testUtils__/tenantSpec';
import { createApplyChangeAction } from './tenantApplyChange';

// The cluster reads and writes are mocks (see mockClusterReads); the staged
// passwords are read and deleted through mocks too.
jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('../__testUtils__/mockClusterReads').mockClusterReads(),
  applyObjects: jest.fn(),
  prepareStatefulSetStorage: jest.fn(),
  pruneObjects: jest.fn(),
  waitForWorkloads: jest.fn(),
  readStagedPasswords: jest.fn(),
  deleteStagedPasswords: jest.fn(),
}));

const ID = '5b1d7c57-2f0e-4d4c-9f57-0c6a7d1b2a10';
const TASK = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const NEW_PASSWORD = 'pw-new-8d0e4c1b9f2a';
const OLD_PASSWORD = 'pw-old-5a7c3e9d1b04';
const staged = (name: string) => stagedPasswordSecretName(TASK, name);
const fromSpec = testTenantSpec('acme');
const crm = {
  name: 'crm',
  type: 'mysql' as const,
  host: 'crm.example.com',
  port: 3306,
  database: 'crm',
  user: 'app',
  tlsMode: 'require' as const,
  passwordSecret: staged('crm'),
};

function approved(changes: TenantChanges) {
  const effective = effectiveChanges(fromSpec, changes);
  return {
    id: ID,
    tenantId: 't-1',
    tenantSlug: 'acme',
    tenantName: 'Test Tenant',
    status: 'approved',
    changes: effective.changes,
    diff: effective.diff,
    reason: 'Data sources',
    requestedBy: 'user:default/terry',
    requestedAt: '2026-12-10T00:00:00Z',
    baseSpecVersion: 1,
    decidedBy: 'user:default/platform-admin',
    fromSpecVersion: 1,
    attempts: 0,
    updatedAt: '2026-12-10T00:00:00Z',
    cluster: 'local',
    fromSpec,
    targetSpec: applyTenantChanges(fromSpec, effective.changes),
    logs: [],
  };
}

async function run(changes: TenantChanges) {
  const request = approved(changes);
  const tenantService = {
    getChangeRequest: jest.fn(async () => request as any),
    reportChange: jest.fn(async (_id: string, event: any) =>
      event.type === 'applied'
        ? ({ ...request, status: 'applied', appliedSpecVersion: 2 } as any)
        : (request as any),
    ),
  };
  const action = createApplyChangeAction({
    clusters: { kubeConfig: jest.fn(async () => ({})) } as any,
    tenantService,
    renderContext: createRenderContext(),
  });
  const ctx = createMockActionContext({
    input: { changeRequestId: ID },
    task: { id: TASK } as any,
  });
  for (const level of ['info', 'warn', 'error'] as const) {
    jest.spyOn(ctx.logger, level);
  }
  const checkpoint = jest.spyOn(ctx, 'checkpoint');
  const result = action.handler(ctx);
  return { result, ctx, tenantService, checkpoint };
}

/** The Secrets the secrets phase applied, by name. */
function appliedSecrets(): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const [, objects] of jest.mocked(applyObjects).mock.calls) {
    for (const object of objects as any[]) {
      if (object.kind === 'Secret') {
        secrets[object.metadata.name] = object.stringData;
      }
    }
  }
  return secrets;
}

/** The task log, the reports and the outputs, to search for passwords. */
function everythingSaid(
  ctx: ReturnType<typeof createMockActionContext>,
  tenantService: { reportChange: jest.Mock },
) {
  const logger = ctx.logger as any;
  return JSON.stringify([
    ...['info', 'warn', 'error'].map(level => logger[level].mock.calls),
    tenantService.reportChange.mock.calls,
    jest.mocked(ctx.output).mock.calls,
  ]);
}

describe('tenant:apply-change with data sources', () => {
  beforeEach(() => {
    jest.resetAllMocks();
    jest
      .mocked(listCrdNames)
      .mockResolvedValue([
        'certificates.cert-manager.io',
        'dnsendpoints.externaldns.k8s.io',
      ]);
    jest
      .mocked(prepareStatefulSetStorage)
      .mockResolvedValue({ recreated: [], expanded: [], kept: [] });
    jest.mocked(applyObjects).mockImplementation(appliedAsCreated);
    jest.mocked(pruneObjects).mockResolvedValue([]);
    jest.mocked(readExistingSecretValues).mockResolvedValue({
      'postgres-credentials': { password: 'pg' },
      'redis-credentials': { password: 'redis' },
      'kafka-credentials': { password: 'kafka' },
      'api-keys': { 'admin-api-key': 'key', 'service-token': 'token' },
      'datasource-warehouse': { password: OLD_PASSWORD },
    });
    jest
      .mocked(readStagedPasswords)
      .mockImplementation(async (_k, _n, items) =>
        Object.fromEntries(items.map(i => [i.secretName, NEW_PASSWORD])),
      );
    jest
      .mocked(deleteStagedPasswords)
      .mockImplementation(async (_k, _n, names) => [...names]);
  });

  it('writes an added data source’s Secret from its staged password, then deletes the staged Secret', async () => {
    const { result, ctx, tenantService, checkpoint } = await run({
      dataSources: { add: [crm] },
    });
    await result;
    // The new port opens the data-source egress (namespace phase).
    expect(checkpoint.mock.calls.map(([c]) => c.key)).toEqual([
      `tenant-change-${ID}-namespace`,
      `tenant-change-${ID}-secrets`,
      `tenant-change-${ID}-control-plane`,
      `tenant-change-${ID}-data-plane`,
    ]);
    expect(readStagedPasswords).toHaveBeenCalledWith({}, 'tenant-acme', [
      { dataSource: 'crm', secretName: staged('crm') },
    ]);
    expect(appliedSecrets()['datasource-crm']).toEqual({
      name: 'crm',
      type: 'mysql',
      host: 'crm.example.com',
      port: '3306',
      database: 'crm',
      user: 'app',
      tlsMode: 'require',
      password: NEW_PASSWORD,
    });
    expect(appliedSecrets()['datasource-warehouse'].password).toBe(
      OLD_PASSWORD,
    );
    expect(deleteStagedPasswords).toHaveBeenCalledWith({}, 'tenant-acme', [
      staged('crm'),
    ]);
    // Deleted once 'applied' is recorded, so that a retry still finds them.
    expect(
      jest.mocked(deleteStagedPasswords).mock.invocationCallOrder[0],
    ).toBeGreaterThan(
      tenantService.reportChange.mock.invocationCallOrder[
        tenantService.reportChange.mock.calls.length - 1
      ],
    );
    const said = everythingSaid(ctx, tenantService);
    expect(said).toContain('add data source crm (mysql crm.example.com:3306)');
    expect(said).toContain(staged('crm'));
    expect(said).not.toContain(NEW_PASSWORD);
    expect(said).not.toContain(OLD_PASSWORD);
  });

  it('applies the secrets phase for a new password alone, though no rendered object changes', async () => {
    const { result, checkpoint } = await run({
      dataSources: {
        edit: [{ name: 'warehouse', passwordSecret: staged('warehouse') }],
      },
    });
    await result;
    expect(checkpoint.mock.calls.map(([c]) => c.key)).toEqual([
      `tenant-change-${ID}-secrets`,
    ]);
    expect(appliedSecrets()['datasource-warehouse'].password).toBe(
      NEW_PASSWORD,
    );
    expect(deleteStagedPasswords).toHaveBeenCalledWith({}, 'tenant-acme', [
      staged('warehouse'),
    ]);
  });

  it('keeps the password of a data source edited without a new one', async () => {
    const { result } = await run({
      dataSources: { edit: [{ name: 'warehouse', host: 'wh2.example.com' }] },
    });
    await result;
    expect(appliedSecrets()['datasource-warehouse']).toMatchObject({
      host: 'wh2.example.com',
      password: OLD_PASSWORD,
    });
    expect(deleteStagedPasswords).not.toHaveBeenCalled();
  });

  it('prunes the Secret of a removed data source', async () => {
    const { result } = await run({ dataSources: { remove: ['warehouse'] } });
    await result;
    expect(appliedSecrets()['datasource-warehouse']).toBeUndefined();
    const secretsPrune = jest
      .mocked(pruneObjects)
      .mock.calls.find(([, options]) =>
        options.labelSelector.endsWith('tenants.dev/phase=secrets'),
      );
    expect(
      (secretsPrune![1].keep as any[]).map(o => o.metadata.name),
    ).not.toContain('datasource-warehouse');
    expect(readStagedPasswords).not.toHaveBeenCalled();
  });

  it('fails naming the staged Secret when it is gone, before any phase is applied', async () => {
    jest
      .mocked(readStagedPasswords)
      .mockRejectedValue(
        new Error(
          `The staged password Secret ${staged(
            'crm',
          )} (the password of data source crm) is not in namespace tenant-acme`,
        ),
      );
    const { result, tenantService } = await run({
      dataSources: { add: [crm] },
    });
    await expect(result).rejects.toThrow(
      `The staged password Secret ${staged('crm')}`,
    );
    expect(applyObjects).not.toHaveBeenCalled();
    expect(deleteStagedPasswords).not.toHaveBeenCalled();
    expect(tenantService.reportChange.mock.calls.map(c => c[1].type)).toEqual([
      'started',
      'failed',
    ]);
  });
});
