import {
  applyTenantChanges,
  changedFields,
  createChangeRequestSchema,
  describeChanges,
  diffTenantSpecs,
  effectiveChanges,
} from './changeRequests';
import {
  dataSourceChangeProblems,
  isStagedPasswordSecretName,
  stagedPasswords,
  stagedPasswordSecretName,
} from './dataSourceChanges';
import { tenantSpecSchema } from './spec';

const TASK = '0b6c2a8e-5d1f-4c3b-9a7e-2f4d6b8c0a1e';
const staged = (name: string) => stagedPasswordSecretName(TASK, name);

const spec = tenantSpecSchema.parse({
  details: {
    name: 'Acme',
    slug: 'acme',
    billingTier: 'professional',
    adminEmail: 'admin@acme.example',
  },
  infrastructure: {},
  dataSources: [
    {
      name: 'warehouse',
      type: 'postgresql',
      host: 'wh.example.com',
      port: 5432,
      database: 'wh',
      user: 'reader',
      passwordSecret: 'dataSourcePassword_warehouse',
    },
  ],
  modules: {},
  security: { authMethod: 'oidc', mfaPolicy: 'optional' },
});

const crm = {
  name: 'crm',
  type: 'postgresql' as const,
  host: 'db.example.com',
  port: 5432,
  database: 'crm',
  user: 'app',
  passwordSecret: staged('crm'),
};

/** The field errors of a request body, as `path: message` (path under `changes`). */
function problems(changes: unknown): string[] {
  const result = createChangeRequestSchema.safeParse({
    changes,
    reason: 'test',
  });
  if (result.success) return [];
  return result.error.issues.map(issue =>
    issue.code === 'unrecognized_keys'
      ? `${[...issue.path.slice(1), ...issue.keys].join('.')}: unknown`
      : `${issue.path.slice(1).join('.')}: ${issue.message}`,
  );
}

describe('data sources in change requests', () => {
  it('names staged passwords after the task and the data source', () => {
    expect(staged('crm')).toBe(`staged-password-${TASK}-crm`);
    expect(isStagedPasswordSecretName(staged('crm'), 'crm')).toBe(true);
    expect(isStagedPasswordSecretName(staged('crm'), 'cr')).toBe(false);
    expect(isStagedPasswordSecretName('datasource-crm', 'crm')).toBe(false);
    expect(isStagedPasswordSecretName('crmPassword', 'crm')).toBe(false);
  });

  it('accepts additions, edits and removals with staged passwords only', () => {
    expect(
      problems({
        dataSources: {
          add: [crm],
          edit: [{ name: 'warehouse', port: 5433 }],
          remove: ['legacy'],
        },
      }),
    ).toEqual([]);
    const parsed = createChangeRequestSchema.parse({
      changes: { dataSources: { add: [crm] } },
      reason: 'CRM',
    });
    expect(parsed.changes.dataSources?.add?.[0].tlsMode).toBe('require');
  });

  it('refuses an addition without a staged password, naming the template', () => {
    const { passwordSecret: _, ...withoutPassword } = crm;
    expect(problems({ dataSources: { add: [withoutPassword] } })).toEqual([
      expect.stringMatching(
        /^dataSources\.add\.0\.passwordSecret: A new data source needs a password, .* template:default\/tenant-data-source-change/,
      ),
    ]);
  });

  it('refuses a password, a made-up secret name and hostile fields, naming each field', () => {
    expect(
      problems({
        dataSources: {
          add: [{ ...crm, password: 'hunter2' }],
        },
      }),
    ).toEqual(['dataSources.add.0.password: unknown']);
    expect(
      problems({
        dataSources: {
          add: [{ ...crm, passwordSecret: 'postgres-credentials' }],
        },
      }),
    ).toEqual([
      expect.stringMatching(
        /^dataSources\.add\.0\.passwordSecret: passwordSecret must name the password staged for data source 'crm'/,
      ),
    ]);
    expect(
      problems({
        dataSources: {
          add: [{ ...crm, passwordSecret: staged('warehouse') }],
        },
      }),
    ).toHaveLength(1);
    expect(
      problems({
        dataSources: {
          add: [
            {
              ...crm,
              host: '/var/run/postgresql',
              port: 70000,
              type: 'oracle',
              user: 'a\u0000b',
            },
          ],
        },
      }),
    ).toEqual([
      'dataSources.add.0.type: Data source type must be one of postgresql, mysql, snowflake, bigquery',
      'dataSources.add.0.host: Host must be a host name or an IP address, e.g. db.example.com or 10.0.0.5',
      'dataSources.add.0.port: Port must be from 1 to 65535',
      'dataSources.add.0.user: User must not contain control characters',
    ]);
    expect(
      problems({ dataSources: { add: [{ ...crm, name: 'CRM; drop' }] } }),
    ).toEqual([
      expect.stringMatching(
        /^dataSources\.add\.0\.name: Data source name must/,
      ),
    ]);
  });

  it('refuses a data source named twice, an empty edit and a malformed list', () => {
    expect(
      problems({
        dataSources: { add: [crm], remove: ['crm'] },
      }),
    ).toEqual([
      "dataSources.remove.0: Data source 'crm' is named twice; add, edit or remove it once",
    ]);
    expect(
      problems({ dataSources: { edit: [{ name: 'warehouse' }] } }),
    ).toEqual([
      expect.stringMatching(/^dataSources\.edit\.0: Name at least one field/),
    ]);
    expect(problems({ dataSources: { remove: 'crm' } })).toEqual([
      'dataSources.remove: dataSources.remove must be a list of data source names',
    ]);
    expect(problems({ dataSources: {} })).toEqual([
      expect.stringMatching(/^: Name at least one change/),
    ]);
  });

  it('keeps what differs from the spec and describes it without passwords', () => {
    const { changes, diff } = effectiveChanges(spec, {
      allowedCidrs: ['10.0.0.0/8'],
      dataSources: {
        add: [{ ...crm, tlsMode: 'require' }],
        edit: [
          {
            name: 'warehouse',
            user: 'writer',
            passwordSecret: staged('warehouse'),
          },
        ],
        remove: ['legacy'],
      },
    });
    expect(changes.dataSources).toEqual({
      add: [{ ...crm, tlsMode: 'require' }],
      edit: [
        {
          name: 'warehouse',
          user: 'writer',
          passwordSecret: staged('warehouse'),
        },
      ],
    });
    expect(diff).toEqual([
      {
        field: 'security.allowedCidrs',
        from: [],
        to: ['10.0.0.0/8'],
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
      {
        field: 'dataSources.warehouse',
        from: [
          'postgresql wh.example.com:5432',
          'database wh',
          'user reader',
          'TLS require',
        ],
        to: [
          'postgresql wh.example.com:5432',
          'database wh',
          'user writer',
          'TLS require',
          'new password',
        ],
      },
    ]);
    expect(describeChanges(diff)).toBe(
      'allowed IP ranges none → 10.0.0.0/8, add data source crm (postgresql db.example.com:5432), edit data source warehouse: user reader → user writer, new password',
    );
    expect(
      describeChanges(
        effectiveChanges(spec, { dataSources: { remove: ['warehouse'] } }).diff,
      ),
    ).toBe('remove data source warehouse (postgresql wh.example.com:5432)');
    expect(stagedPasswords(changes.dataSources)).toEqual([
      { dataSource: 'crm', secretName: staged('crm') },
      { dataSource: 'warehouse', secretName: staged('warehouse') },
    ]);
  });

  it('drops an edit that changes nothing and keeps the old password without a new one', () => {
    expect(
      effectiveChanges(spec, {
        dataSources: { edit: [{ name: 'warehouse', port: 5432 }] },
      }),
    ).toEqual({ changes: {}, diff: [] });
    const { changes } = effectiveChanges(spec, {
      dataSources: { edit: [{ name: 'warehouse', host: 'wh2.example.com' }] },
    });
    expect(applyTenantChanges(spec, changes).dataSources).toEqual([
      {
        ...spec.dataSources[0],
        host: 'wh2.example.com',
        passwordSecret: 'dataSourcePassword_warehouse',
      },
    ]);
  });

  it('applies additions, edits and removals, and is applied once applied', () => {
    const changes = {
      dataSources: {
        add: [{ ...crm, tlsMode: 'verify-full' as const }],
        remove: ['warehouse'],
      },
    };
    const target = applyTenantChanges(spec, changes);
    expect(target.dataSources).toEqual([{ ...crm, tlsMode: 'verify-full' }]);
    expect(spec.dataSources).toHaveLength(1);
    expect(effectiveChanges(target, changes).diff).toEqual([]);
    expect(diffTenantSpecs(spec, target).map(e => e.field)).toEqual([
      'dataSources.crm',
      'dataSources.warehouse',
    ]);
  });

  it('names the touched data sources, so that requests touching one conflict', () => {
    expect(
      changedFields({
        mfaPolicy: 'required-all',
        dataSources: {
          add: [{ ...crm, tlsMode: 'require' }],
          remove: ['warehouse'],
        },
      }),
    ).toEqual([
      'security.mfaPolicy',
      'dataSources.crm',
      'dataSources.warehouse',
    ]);
  });

  it('tells what the spec cannot do, by field', () => {
    expect(
      dataSourceChangeProblems(spec, {
        add: [{ ...crm, name: 'warehouse', tlsMode: 'require' }],
        edit: [{ name: 'crm', port: 1 }],
        remove: ['legacy'],
      }),
    ).toEqual([
      {
        field: 'dataSources.add[0].name',
        message:
          "Tenant 'acme' already has a data source named 'warehouse'; edit it instead",
      },
      {
        field: 'dataSources.edit[0].name',
        message:
          "Tenant 'acme' has no data source named 'crm' (it has warehouse)",
      },
      {
        field: 'dataSources.remove[0]',
        message:
          "Tenant 'acme' has no data source named 'legacy' (it has warehouse)",
      },
    ]);
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...crm,
      name: `db${i}`,
      passwordSecret: staged(`db${i}`),
      tlsMode: 'require' as const,
    }));
    expect(dataSourceChangeProblems(spec, { add: many })).toEqual([
      {
        field: 'dataSources.add',
        message:
          'A tenant has at most 20 data sources; this change would leave 21',
      },
    ]);
  });
});
