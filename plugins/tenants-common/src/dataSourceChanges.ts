import { z } from 'zod';
import {
  DATA_SOURCE_TYPES,
  TLS_MODES,
  type dataSourceSchema,
  type TenantSpec,
} from './spec';
import { hasNoControlCharacters, isHostNameOrIpAddress } from './text';

/*
 * Data sources in change requests: tenant admins add, edit and remove the
 * connections of the Data Sources step. A password is never part of a
 * change request: the template `tenant-data-source-change` stages it (a
 * scaffolder secret) in a Secret in the tenant's namespace and the request
 * names that Secret in `passwordSecret`; applying the approved request moves
 * the value into the data source's Secret and deletes the staged one.
 */

/** A data source of a tenant's spec. @public */
export type TenantDataSource = z.infer<typeof dataSourceSchema>;

/**
 * The template with which tenant admins ask for data-source changes: it
 * takes the password as a scaffolder secret and stages it on the tenant's
 * cluster before it files the change request.
 *
 * @public
 */
export const DATA_SOURCE_CHANGE_TEMPLATE_REF =
  'template:default/tenant-data-source-change';

/**
 * Prefix of the diff fields of data sources: `dataSources.<name>`.
 *
 * @public
 */
export const DATA_SOURCE_FIELD_PREFIX = 'dataSources.';

/** Most data sources a tenant may have (as the spec allows). @public */
export const MAX_DATA_SOURCES = 20;

const STAGED_PASSWORD_PREFIX = 'staged-password-';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Name of the Secret in the tenant's namespace that holds a staged password
 * of a data source: `staged-password-<stage id>-<data source>`, where the
 * stage id is the id (a UUID) of the scaffolder task that staged it. A
 * change request's `passwordSecret` names it.
 *
 * @public
 */
export function stagedPasswordSecretName(
  stageId: string,
  dataSourceName: string,
): string {
  return `${STAGED_PASSWORD_PREFIX}${stageId.toLowerCase()}-${dataSourceName}`;
}

/** Whether a name is one {@link stagedPasswordSecretName} gives for the data source. @public */
export function isStagedPasswordSecretName(
  secretName: string,
  dataSourceName: string,
): boolean {
  return new RegExp(
    `^${STAGED_PASSWORD_PREFIX}${UUID}-${dataSourceName.replace(
      /[^a-z0-9-]/g,
      '',
    )}$`,
  ).test(secretName);
}

const oneOf = (what: string, values: readonly string[]) => ({
  error: `${what} must be one of ${values.join(', ')}`,
});

const nameSchema = z
  .string({ error: 'Data source name must be text' })
  .min(1, 'Data source name is required')
  .max(63, 'Data source name must be at most 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'Data source name must be lowercase letters, digits and dashes, starting and ending with a letter or digit',
  );

const fieldSchemas = {
  type: z.enum(DATA_SOURCE_TYPES, oneOf('Data source type', DATA_SOURCE_TYPES)),
  host: z
    .string({ error: 'Host must be text' })
    .min(1, 'Host is required')
    .max(253, 'Host must be at most 253 characters')
    .refine(
      isHostNameOrIpAddress,
      'Host must be a host name or an IP address, e.g. db.example.com or 10.0.0.5',
    ),
  port: z
    .number({ error: 'Port must be a number from 1 to 65535' })
    .int('Port must be a whole number')
    .min(1, 'Port must be from 1 to 65535')
    .max(65535, 'Port must be from 1 to 65535'),
  database: z
    .string({ error: 'Database must be text' })
    .min(1, 'Database is required')
    .max(128, 'Database must be at most 128 characters')
    .refine(
      hasNoControlCharacters,
      'Database must not contain control characters',
    ),
  user: z
    .string({ error: 'User must be text' })
    .min(1, 'User is required')
    .max(128, 'User must be at most 128 characters')
    .refine(hasNoControlCharacters, 'User must not contain control characters'),
  tlsMode: z.enum(TLS_MODES, oneOf('TLS mode', TLS_MODES)),
};

const passwordSecretSchema = (required: boolean) =>
  z.string({
    error: issue =>
      issue.input === undefined && required
        ? `A new data source needs a password, which a change request never carries: file the change with the template ${DATA_SOURCE_CHANGE_TEMPLATE_REF}, which stages the password on the tenant's cluster and names it here`
        : 'passwordSecret must be text: the name of the staged password',
  });

/** Checks that `passwordSecret` names a password staged for this data source. */
function checkStagedName(
  item: { name: string; passwordSecret?: string },
  ctx: z.RefinementCtx,
) {
  if (
    item.passwordSecret !== undefined &&
    nameSchema.safeParse(item.name).success &&
    !isStagedPasswordSecretName(item.passwordSecret, item.name)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['passwordSecret'],
      message: `passwordSecret must name the password staged for data source '${item.name}' by the template ${DATA_SOURCE_CHANGE_TEMPLATE_REF} (${STAGED_PASSWORD_PREFIX}<task id>-${item.name}); a password itself is never part of a change request`,
    });
  }
}

/**
 * A data source a change request adds: every connection field, and in
 * `passwordSecret` the staged password (required).
 *
 * @public
 */
export const dataSourceAdditionSchema = z
  .object({
    name: nameSchema,
    ...fieldSchemas,
    tlsMode: fieldSchemas.tlsMode.default('require'),
    passwordSecret: passwordSecretSchema(true),
  })
  .strict()
  .superRefine(checkStagedName);

/**
 * A data source a change request edits, by name: the fields that change,
 * and `passwordSecret` when a new password was staged (left out, the
 * password stays as it is).
 *
 * @public
 */
export const dataSourceEditSchema = z
  .object({
    name: nameSchema,
    type: fieldSchemas.type.optional(),
    host: fieldSchemas.host.optional(),
    port: fieldSchemas.port.optional(),
    database: fieldSchemas.database.optional(),
    user: fieldSchemas.user.optional(),
    tlsMode: fieldSchemas.tlsMode.optional(),
    passwordSecret: passwordSecretSchema(false).optional(),
  })
  .strict()
  .superRefine(checkStagedName)
  .refine(item => Object.keys(item).some(key => key !== 'name'), {
    error:
      'Name at least one field to edit (type, host, port, database, user, tlsMode) or stage a new password',
  });

/**
 * The data-source part of a change request's `changes`: data sources to
 * add, to edit and to remove (by name). A data source may appear once.
 *
 * @public
 */
export const dataSourceChangesSchema = z
  .object({
    add: z
      .array(dataSourceAdditionSchema, {
        error: 'dataSources.add must be a list of data sources',
      })
      .max(MAX_DATA_SOURCES, `At most ${MAX_DATA_SOURCES} data sources`)
      .optional(),
    edit: z
      .array(dataSourceEditSchema, {
        error: 'dataSources.edit must be a list of data source edits',
      })
      .max(MAX_DATA_SOURCES, `At most ${MAX_DATA_SOURCES} data sources`)
      .optional(),
    remove: z
      .array(nameSchema, {
        error: 'dataSources.remove must be a list of data source names',
      })
      .max(MAX_DATA_SOURCES, `At most ${MAX_DATA_SOURCES} data sources`)
      .optional(),
  })
  .strict()
  .superRefine((changes, ctx) => {
    const seen = new Set<string>();
    const check = (name: string, path: (string | number)[]) => {
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `Data source '${name}' is named twice; add, edit or remove it once`,
        });
      }
      seen.add(name);
    };
    changes.add?.forEach((s, i) => check(s.name, ['add', i, 'name']));
    changes.edit?.forEach((s, i) => check(s.name, ['edit', i, 'name']));
    changes.remove?.forEach((name, i) => check(name, ['remove', i]));
  });

/** @public */
export type DataSourceChanges = z.infer<typeof dataSourceChangesSchema>;

/** Whether data-source changes name anything. @public */
export function hasDataSourceChanges(changes?: DataSourceChanges): boolean {
  return Boolean(
    changes?.add?.length || changes?.edit?.length || changes?.remove?.length,
  );
}

/** The data sources the changes touch, by name, in the order they name them. @public */
export function touchedDataSources(changes?: DataSourceChanges): string[] {
  return [
    ...(changes?.add ?? []).map(s => s.name),
    ...(changes?.edit ?? []).map(s => s.name),
    ...(changes?.remove ?? []),
  ];
}

/**
 * The staged passwords the changes name: for each data source added or
 * edited with a new password, the Secret in the tenant's namespace holding it.
 *
 * @public
 */
export function stagedPasswords(
  changes?: DataSourceChanges,
): Array<{ dataSource: string; secretName: string }> {
  return [...(changes?.add ?? []), ...(changes?.edit ?? [])].flatMap(s =>
    s.passwordSecret
      ? [{ dataSource: s.name, secretName: s.passwordSecret }]
      : [],
  );
}

/** The item of a diff that says a password was staged. */
const NEW_PASSWORD = 'new password';

/**
 * A data source's connection in a few parts, as diff entries carry it:
 * `postgresql db.example.com:5432`, `database sales`, `user reader`,
 * `TLS require`, and `new password` when one was staged. Never a password.
 *
 * @public
 */
export function describeDataSource(
  source: TenantDataSource,
  newPassword = false,
): string[] {
  return [
    `${source.type} ${source.host}:${source.port}`,
    `database ${source.database}`,
    `user ${source.user}`,
    `TLS ${source.tlsMode}`,
    ...(newPassword ? [NEW_PASSWORD] : []),
  ];
}

/**
 * A data source's diff entry: `dataSources.<name>`, from and to as
 * {@link describeDataSource} parts (empty for an added or removed one).
 *
 * @public
 */
export type DataSourceDiffEntry = {
  field: string;
  from: string[];
  to: string[];
};

function sameSource(a: TenantDataSource, b: TenantDataSource): boolean {
  return (
    a.type === b.type &&
    a.host === b.host &&
    a.port === b.port &&
    a.database === b.database &&
    a.user === b.user &&
    a.tlsMode === b.tlsMode &&
    a.passwordSecret === b.passwordSecret
  );
}

function edited(
  current: TenantDataSource,
  edit: z.infer<typeof dataSourceEditSchema>,
): TenantDataSource {
  const fields = Object.fromEntries(
    Object.entries(edit).filter(([, value]) => value !== undefined),
  );
  return { ...current, ...fields };
}

/**
 * The data-source changes that differ from the spec's data sources, with
 * their diff entries (`dataSources.<name>`, from and to as
 * {@link describeDataSource}). An addition equal to a data source the spec
 * has, an edit that changes nothing and edits or removals of data sources
 * the spec does not have are dropped; {@link dataSourceChangeProblems} tells
 * why a request naming them is refused.
 *
 * @public
 */
export function effectiveDataSourceChanges(
  sources: readonly TenantDataSource[],
  changes?: DataSourceChanges,
): { changes?: DataSourceChanges; diff: DataSourceDiffEntry[] } {
  const byName = new Map(sources.map(s => [s.name, s]));
  const diff: DataSourceDiffEntry[] = [];
  const add: NonNullable<DataSourceChanges['add']> = [];
  const edit: NonNullable<DataSourceChanges['edit']> = [];
  const remove: string[] = [];
  for (const addition of changes?.add ?? []) {
    const current = byName.get(addition.name);
    if (current && sameSource(current, addition)) continue;
    add.push(addition);
    diff.push({
      field: `${DATA_SOURCE_FIELD_PREFIX}${addition.name}`,
      from: current ? describeDataSource(current) : [],
      to: describeDataSource(addition, true),
    });
  }
  for (const change of changes?.edit ?? []) {
    const current = byName.get(change.name);
    if (!current) continue;
    const result = edited(current, change);
    if (sameSource(current, result)) continue;
    edit.push(change);
    diff.push({
      field: `${DATA_SOURCE_FIELD_PREFIX}${change.name}`,
      from: describeDataSource(current),
      to: describeDataSource(
        result,
        result.passwordSecret !== current.passwordSecret,
      ),
    });
  }
  for (const name of changes?.remove ?? []) {
    const current = byName.get(name);
    if (!current) continue;
    remove.push(name);
    diff.push({
      field: `${DATA_SOURCE_FIELD_PREFIX}${name}`,
      from: describeDataSource(current),
      to: [],
    });
  }
  const effective: DataSourceChanges = {
    ...(add.length ? { add } : {}),
    ...(edit.length ? { edit } : {}),
    ...(remove.length ? { remove } : {}),
  };
  return {
    ...(diff.length ? { changes: effective } : {}),
    diff,
  };
}

/**
 * The data sources with the changes applied: removals dropped, edits
 * merged in place, additions appended (an addition of a name that exists
 * replaces it).
 *
 * @public
 */
export function applyDataSourceChanges(
  sources: readonly TenantDataSource[],
  changes?: DataSourceChanges,
): TenantDataSource[] {
  if (!hasDataSourceChanges(changes)) return [...sources];
  const removed = new Set(changes?.remove ?? []);
  const edits = new Map((changes?.edit ?? []).map(e => [e.name, e]));
  const additions = new Map((changes?.add ?? []).map(a => [a.name, a]));
  const result = sources
    .filter(s => !removed.has(s.name))
    .map(s => {
      const addition = additions.get(s.name);
      if (addition) {
        additions.delete(s.name);
        return addition;
      }
      const change = edits.get(s.name);
      return change ? edited(s, change) : s;
    });
  return [...result, ...additions.values()];
}

/**
 * What the data-source changes of a request ask that the spec cannot do,
 * as field errors under `dataSources` (e.g. `dataSources.edit[0].name`):
 * adding a data source the tenant has, editing or removing one it does not
 * have, more than {@link MAX_DATA_SOURCES}.
 *
 * @public
 */
export function dataSourceChangeProblems(
  spec: TenantSpec,
  changes?: DataSourceChanges,
): Array<{ field: string; message: string }> {
  const names = new Set(spec.dataSources.map(s => s.name));
  const problems: Array<{ field: string; message: string }> = [];
  const slug = spec.details.slug;
  changes?.add?.forEach((s, i) => {
    const current = spec.dataSources.find(d => d.name === s.name);
    if (current && !sameSource(current, s)) {
      problems.push({
        field: `dataSources.add[${i}].name`,
        message: `Tenant '${slug}' already has a data source named '${s.name}'; edit it instead`,
      });
    }
  });
  const missing = (name: string, field: string) => {
    if (!names.has(name)) {
      problems.push({
        field,
        message: `Tenant '${slug}' has no data source named '${name}'${
          names.size ? ` (it has ${[...names].join(', ')})` : ''
        }`,
      });
    }
  };
  changes?.edit?.forEach((s, i) =>
    missing(s.name, `dataSources.edit[${i}].name`),
  );
  changes?.remove?.forEach((name, i) =>
    missing(name, `dataSources.remove[${i}]`),
  );
  const count = applyDataSourceChanges(spec.dataSources, changes).length;
  if (count > MAX_DATA_SOURCES) {
    problems.push({
      field: 'dataSources.add',
      message: `A tenant has at most ${MAX_DATA_SOURCES} data sources; this change would leave ${count}`,
    });
  }
  return problems;
}

/**
 * The data-source changes that lead from one list of data sources to
 * another (e.g. between two spec versions), or undefined when they are the
 * same.
 *
 * @public
 */
export function dataSourceChangesBetween(
  from: readonly TenantDataSource[],
  to: readonly TenantDataSource[],
): DataSourceChanges | undefined {
  const before = new Map(from.map(s => [s.name, s]));
  const after = new Set(to.map(s => s.name));
  const changes: DataSourceChanges = {
    add: to
      .filter(s => !before.has(s.name))
      .map(s => ({ ...s, passwordSecret: s.passwordSecret ?? '' })),
    edit: to
      .filter(s => before.has(s.name) && !sameSource(before.get(s.name)!, s))
      .map(s => ({ ...s })),
    remove: from.filter(s => !after.has(s.name)).map(s => s.name),
  };
  return hasDataSourceChanges(changes) ? changes : undefined;
}

/** Whether a diff entry's field is a data source's. @public */
export function isDataSourceField(field: string): boolean {
  return field.startsWith(DATA_SOURCE_FIELD_PREFIX);
}

/**
 * A data source's diff entry in a few words, e.g.
 * `add data source crm (postgresql db.example.com:5432)`,
 * `remove data source crm (…)`,
 * `edit data source crm: user reader → writer, new password`.
 *
 * @public
 */
export function describeDataSourceChange(entry: {
  field: string;
  from: unknown;
  to: unknown;
}): string {
  const name = entry.field.slice(DATA_SOURCE_FIELD_PREFIX.length);
  const from = Array.isArray(entry.from) ? (entry.from as string[]) : [];
  const to = Array.isArray(entry.to) ? (entry.to as string[]) : [];
  if (from.length === 0) return `add data source ${name} (${to[0] ?? ''})`;
  if (to.length === 0) return `remove data source ${name} (${from[0]})`;
  const parts = to
    .map((part, index) => {
      if (part === NEW_PASSWORD) return part;
      return part === from[index] ? undefined : `${from[index]} → ${part}`;
    })
    .filter((part): part is string => part !== undefined);
  return `edit data source ${name}: ${parts.join(', ') || 'no change'}`;
}
