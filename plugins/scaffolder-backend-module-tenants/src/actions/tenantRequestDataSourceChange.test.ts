import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  deleteStagedPasswords,
  stagePassword,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { createRequestDataSourceChangeAction } from './tenantRequestDataSourceChange';
import { examples } from './tenantRequestDataSourceChange.examples';
import { exampleInput } from '../__testUtils__/exampleInput';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest.requireActual('@tenant-platform/backstage-plugin-tenants-node'),
  stagePassword: jest.fn(async () => {}),
  deleteStagedPasswords: jest.fn(async () => []),
}));

const PASSWORD = 'pw-3f1c9a7e2b6d4085';
const TENANT = {
  id: '5b1d7c57-2f0e-4d4c-9f57-0c6a7d1b2a10',
  slug: 'acme',
  cluster: 'local',
};
const CHANGE_REQUEST_ID = '0e4a3c2b-7d1f-4b8e-9a65-3f2d1c0b9a87';
const crm = {
  name: 'crm',
  type: 'postgresql',
  host: 'db.example.com',
  port: 5432,
  database: 'crm',
  user: 'app',
  tlsMode: 'require',
};
const crmDiff = [
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
];

function setup(options: { fileError?: Error; diff?: object[] } = {}) {
  const tenantService = {
    findTenant: jest.fn(async () => TENANT as any),
    previewChanges: jest.fn(async () => ({
      diff: options.diff ?? crmDiff,
      objects: {
        tenantId: TENANT.id,
        cluster: 'local',
        checkedAt: '2026-12-10T00:00:00Z',
        state: 'drifted',
        differences: [
          {
            type: 'missing',
            object: 'secret/datasource-crm',
            phase: 'secrets',
          },
        ],
      },
    })) as any,
    fileChangeRequest: jest.fn(async (_c: unknown, _t: string, body: any) => {
      if (options.fileError) throw options.fileError;
      return { id: CHANGE_REQUEST_ID, changes: body.changes, diff: crmDiff };
    }) as any,
  };
  const clusters = { kubeConfig: jest.fn(async () => ({} as any)) };
  const action = createRequestDataSourceChangeAction({
    clusters,
    tenantService,
  });
  return { tenantService, clusters, action };
}

const TASK = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } as any;

function context(input: object, secrets: Record<string, string> = {}) {
  const ctx = createMockActionContext({
    input: input as any,
    secrets,
    task: TASK,
  });
  for (const level of ['info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(ctx.logger, level);
  }
  return ctx;
}

/** Everything the action logged and output, to search for the password. */
function everythingSaid(ctx: ReturnType<typeof context>) {
  const logger = ctx.logger as any;
  const logged = ['info', 'warn', 'error', 'debug'].flatMap(level =>
    jest.isMockFunction(logger[level])
      ? logger[level].mock.calls.map((c: unknown[]) => JSON.stringify(c))
      : [],
  );
  const outputs = jest
    .mocked(ctx.output)
    .mock.calls.map(c => JSON.stringify(c));
  return [...logged, ...outputs].join('\n');
}

describe('tenant:request-data-source-change', () => {
  beforeEach(() => jest.clearAllMocks());

  it('stages the password, files the change request naming it, and says nothing of the password', async () => {
    const { tenantService, action } = setup();
    const ctx = context(
      {
        tenant: 'acme',
        operation: 'add',
        dataSource: crm,
        reason: 'The CRM feeds the dashboards',
      },
      { dataSourcePassword: PASSWORD },
    );
    await action.handler(ctx);

    const staged = `staged-password-${ctx.task.id}-crm`;
    expect(stagePassword).toHaveBeenCalledWith(
      {},
      expect.objectContaining({
        namespace: 'tenant-acme',
        slug: 'acme',
        dataSource: 'crm',
        secretName: staged,
        password: PASSWORD,
      }),
    );
    const changes = {
      dataSources: { add: [{ ...crm, passwordSecret: staged }] },
    };
    expect(tenantService.previewChanges).toHaveBeenCalledWith(
      expect.anything(),
      TENANT.id,
      changes,
    );
    expect(tenantService.fileChangeRequest).toHaveBeenCalledWith(
      expect.anything(),
      TENANT.id,
      { changes, reason: 'The CRM feeds the dashboards' },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'changeRequestId',
      CHANGE_REQUEST_ID,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'add data source crm (postgresql db.example.com:5432)',
    );
    expect(
      JSON.stringify(tenantService.fileChangeRequest.mock.calls),
    ).not.toContain(PASSWORD);
    expect(everythingSaid(ctx)).toContain('secret/datasource-crm');
    expect(everythingSaid(ctx)).not.toContain(PASSWORD);
    expect(deleteStagedPasswords).not.toHaveBeenCalled();
  });

  it('deletes the staged password when the Tenant Service refuses the request', async () => {
    const { action } = setup({
      fileError: new Error(
        'Change request abc already changes dataSources.crm',
      ),
    });
    const ctx = context(
      { tenant: 'acme', operation: 'add', dataSource: crm, reason: 'CRM' },
      { dataSourcePassword: PASSWORD },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'already changes dataSources.crm',
    );
    expect(stagePassword).toHaveBeenCalledTimes(1);
    expect(deleteStagedPasswords).toHaveBeenCalledWith({}, 'tenant-acme', [
      `staged-password-${ctx.task.id}-crm`,
    ]);
  });

  it('refuses to add a data source without a password, before anything is staged or asked', async () => {
    const { tenantService, action } = setup();
    const ctx = context({
      tenant: 'acme',
      operation: 'add',
      dataSource: crm,
      reason: 'CRM',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "A new data source needs a password: give it in the scaffolder secret 'dataSourcePassword'",
    );
    expect(tenantService.findTenant).not.toHaveBeenCalled();
    expect(stagePassword).not.toHaveBeenCalled();
  });

  it('edits only the fields given (form fields left empty stay) and keeps the password without a new one', async () => {
    const { tenantService, action } = setup({
      diff: [
        {
          field: 'dataSources.crm',
          from: ['postgresql db.example.com:5432'],
          to: ['postgresql db2.example.com:5432'],
        },
      ],
    });
    const ctx = context({
      tenant: 'acme',
      operation: 'edit',
      dataSource: { name: 'crm', host: 'db2.example.com', port: '', user: '' },
      reason: 'New host',
    });
    await action.handler(ctx);
    expect(tenantService.fileChangeRequest).toHaveBeenCalledWith(
      expect.anything(),
      TENANT.id,
      {
        changes: {
          dataSources: { edit: [{ name: 'crm', host: 'db2.example.com' }] },
        },
        reason: 'New host',
      },
    );
    expect(stagePassword).not.toHaveBeenCalled();
  });

  it('removes a data source by name, never staging a password given by mistake', async () => {
    const { tenantService, action } = setup({
      diff: [{ field: 'dataSources.crm', from: ['x'], to: [] }],
    });
    const ctx = context(
      {
        tenant: 'acme',
        operation: 'remove',
        dataSource: { name: 'crm' },
        reason: 'Retired',
      },
      { dataSourcePassword: PASSWORD },
    );
    await action.handler(ctx);
    expect(tenantService.fileChangeRequest.mock.calls[0][2].changes).toEqual({
      dataSources: { remove: ['crm'] },
    });
    expect(stagePassword).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a host that is a socket path',
      { ...crm, host: '/var/run/postgresql' },
      'dataSources.add.0.host: Host must be a host name or an IP address',
    ],
    [
      'a password field among the parameters',
      { ...crm, password: 'hunter2' },
      'dataSource has unknown field(s) password: it takes name, type, host, port, database, user, tlsMode; a password is never a parameter',
    ],
    [
      'a malformed name',
      { ...crm, name: '../etc' },
      'dataSources.add.0.name: Data source name must be lowercase',
    ],
    [
      'a port out of range',
      { ...crm, port: 70000 },
      'dataSources.add.0.port: Port must be from 1 to 65535',
    ],
  ])(
    'refuses %s, naming the field, before anything is staged',
    async (_, dataSource, message) => {
      const { tenantService, action } = setup();
      const ctx = context(
        { tenant: 'acme', operation: 'add', dataSource, reason: 'CRM' },
        { dataSourcePassword: PASSWORD },
      );
      const failure = action.handler(ctx);
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.not.toThrow('hunter2');
      expect(tenantService.findTenant).not.toHaveBeenCalled();
      expect(stagePassword).not.toHaveBeenCalled();
    },
  );

  it('refuses a tenant the user may not read', async () => {
    const { tenantService, action } = setup();
    tenantService.findTenant.mockResolvedValueOnce(undefined);
    const ctx = context(
      { tenant: 'bravo', operation: 'add', dataSource: crm, reason: 'CRM' },
      { dataSourcePassword: PASSWORD },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      "No tenant 'bravo' that you may read",
    );
    expect(stagePassword).not.toHaveBeenCalled();
  });

  it('stages nothing and files nothing in a dry run', async () => {
    const { tenantService, action } = setup();
    const ctx = createMockActionContext({
      input: {
        tenant: 'acme',
        operation: 'add',
        dataSource: crm,
        reason: 'CRM',
      } as any,
      secrets: { dataSourcePassword: PASSWORD },
      task: TASK,
    });
    (ctx as any).isDryRun = true;
    await action.handler(ctx);
    expect(tenantService.previewChanges).toHaveBeenCalled();
    expect(stagePassword).not.toHaveBeenCalled();
    expect(tenantService.fileChangeRequest).not.toHaveBeenCalled();
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s',
    async (_, example) => {
      const { tenantService, action } = setup();
      const input = exampleInput(example, {
        'parameters.tenant': 'acme',
        'parameters.reason': 'CRM',
      });
      const ctx = context(input, { dataSourcePassword: PASSWORD });
      await action.handler(ctx);
      expect(tenantService.fileChangeRequest).toHaveBeenCalledTimes(1);
    },
  );
});
