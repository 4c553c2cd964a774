import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeChanges,
  stagedPasswordSecretName,
  tenantChangesSchema,
  type DataSourceChanges,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  deleteStagedPasswords,
  stagePassword,
  tenantNamespaceName,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import { errorMessage } from '../util/errorMessage';
import { examples } from './tenantRequestDataSourceChange.examples';

/** The scaffolder secret holding the password, unless the input names another. @public */
export const DEFAULT_PASSWORD_SECRET = 'dataSourcePassword';

const OPERATIONS = ['add', 'edit', 'remove'] as const;
type Operation = (typeof OPERATIONS)[number];

const CONNECTION_FIELDS = [
  'type',
  'host',
  'port',
  'database',
  'user',
  'tlsMode',
] as const;

/** @public */
export interface RequestDataSourceChangeDeps {
  clusters: Pick<ClusterRegistry, 'kubeConfig'>;
  tenantService: Pick<
    TenantServiceClient,
    'findTenant' | 'previewChanges' | 'fileChangeRequest'
  >;
}

/** Form values as a template hands them: left-out fields come as '' or not at all. */
function given(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}

/** The port as a number when the form gave one as text. */
function portOf(value: unknown): unknown {
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return value;
}

/** The data-source changes one operation asks for, with the staged password's name. */
function dataSourceChanges(
  operation: Operation,
  dataSource: Record<string, unknown>,
  stagedSecret: string | undefined,
): DataSourceChanges {
  const name = given(dataSource.name) as string;
  if (operation === 'remove') return { remove: [name] };
  const fields = Object.fromEntries(
    CONNECTION_FIELDS.map(field => [
      field,
      field === 'port'
        ? portOf(given(dataSource[field]))
        : given(dataSource[field]),
    ]).filter(([, value]) => value !== undefined),
  );
  const item = {
    name,
    ...fields,
    ...(stagedSecret ? { passwordSecret: stagedSecret } : {}),
  };
  return operation === 'add'
    ? { add: [item as NonNullable<DataSourceChanges['add']>[number]] }
    : { edit: [item as NonNullable<DataSourceChanges['edit']>[number]] };
}

/** Validates the changes as the Tenant Service will; a 400-like error naming each field. */
function parseChanges(changes: unknown): TenantChanges {
  const result = tenantChangesSchema.safeParse(changes);
  if (result.success) return result.data;
  throw new InputError(
    `Invalid data-source change: ${result.error.issues
      .map(issue => {
        const path = issue.path.join('.');
        const unknown =
          issue.code === 'unrecognized_keys'
            ? `unknown field(s) ${issue.keys.join(', ')}`
            : issue.message;
        return path ? `${path}: ${unknown}` : unknown;
      })
      .join('; ')}`,
  );
}

/**
 * Creates `tenant:request-data-source-change`, the step of the template
 * `tenant-data-source-change` with which tenant admins add, edit or remove a
 * data source of their tenant. On behalf of the user who started the task it
 * finds the tenant and previews the change through the Tenant Service (so
 * the user must be allowed to file change requests for it), stages the
 * password, a scaffolder secret, in a Secret of the tenant's namespace
 * (`staged-password-<task id>-<name>`, labelled, no tenant labels) and files
 * the change request naming that Secret. If filing fails the staged Secret
 * is deleted again. The password is never logged, output or sent to the
 * Tenant Service; once the request is approved, `tenant:apply-change` moves
 * it into the data source's Secret.
 *
 * @public
 */
export function createRequestDataSourceChangeAction(
  deps: RequestDataSourceChangeDeps,
) {
  return createTemplateAction({
    id: 'tenant:request-data-source-change',
    description:
      "Files a change request that adds, edits or removes a tenant's data source; the password (a scaffolder secret) is staged in a Secret of the tenant's namespace and never reaches the Tenant Service",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenant: z =>
          z.string().min(1).max(64).describe('Slug of the tenant to change'),
        operation: z =>
          z
            .enum(OPERATIONS)
            .describe('add a data source, edit one or remove one'),
        dataSource: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The data source: name, and to add or edit type, host, port, database, user, tlsMode (never a password)',
            ),
        reason: z =>
          z.string().min(1).max(2000).describe('Why the change is needed'),
        passwordSecret: z =>
          z
            .string()
            .min(1)
            .max(128)
            .optional()
            .describe(
              `Name of the scaffolder secret holding the password (default ${DEFAULT_PASSWORD_SECRET}); required to add, optional to edit`,
            ),
      },
      output: {
        tenantId: z => z.string().describe('Id of the tenant'),
        slug: z => z.string(),
        changeRequestId: z =>
          z.string().optional().describe('Id of the filed change request'),
        summary: z => z.string().describe('What the change request asks for'),
      },
    },
    async handler(ctx) {
      const { operation, dataSource, reason } = ctx.input;
      const secretName = ctx.input.passwordSecret ?? DEFAULT_PASSWORD_SECRET;
      const password = ctx.secrets?.[secretName] || undefined;
      const name = String(given(dataSource.name) ?? '');
      if (operation === 'add' && !password) {
        throw new InputError(
          `A new data source needs a password: give it in the scaffolder secret '${secretName}' (the template's Password field)`,
        );
      }
      if (operation === 'remove' && password) {
        ctx.logger.warn(
          `A password was given to remove data source ${name}; it is not used`,
        );
      }
      const unknown = Object.keys(dataSource).filter(
        key =>
          key !== 'name' &&
          !(CONNECTION_FIELDS as readonly string[]).includes(key),
      );
      if (unknown.length) {
        throw new InputError(
          `dataSource has unknown field(s) ${unknown.join(
            ', ',
          )}: it takes name, ${CONNECTION_FIELDS.join(
            ', ',
          )}; a password is never a parameter, give it as the scaffolder secret '${secretName}'`,
        );
      }
      const stagedSecret =
        password && operation !== 'remove'
          ? stagedPasswordSecretName(ctx.task.id, name)
          : undefined;
      const changes = parseChanges({
        dataSources: dataSourceChanges(operation, dataSource, stagedSecret),
      });

      const credentials = await ctx.getInitiatorCredentials();
      const tenant = await deps.tenantService.findTenant(
        credentials,
        ctx.input.tenant,
      );
      if (!tenant) {
        throw new InputError(
          `No tenant '${ctx.input.tenant}' that you may read: give the slug of a tenant you administer`,
        );
      }
      if (!tenant.cluster) {
        throw new InputError(
          `Tenant '${tenant.slug}' has no cluster yet; its data sources can change once it is provisioned`,
        );
      }
      ctx.output('tenantId', tenant.id);
      ctx.output('slug', tenant.slug);

      // The preview checks, on behalf of the user, that they may file the
      // change and that the tenant can take it, before anything is staged.
      const preview = await deps.tenantService.previewChanges(
        credentials,
        tenant.id,
        changes,
      );
      if (preview.diff.length === 0) {
        throw new InputError(
          `Nothing to change: data source ${name} of tenant '${tenant.slug}' is already like this`,
        );
      }
      const summary = describeChanges(preview.diff);
      ctx.output('summary', summary);
      const differing =
        preview.objects.state === 'unknown'
          ? `the cluster could not be read (${preview.objects.reason})`
          : `${
              new Set(preview.objects.differences.map(d => d.object)).size
            } object(s) would change: ${[
              ...new Set(preview.objects.differences.map(d => d.object)),
            ].join(', ')}`;
      ctx.logger.info(
        `Change of tenant ${tenant.slug}: ${summary}; once approved, ${differing}`,
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${
            stagedSecret
              ? `the password would be staged in Secret ${stagedSecret} and `
              : ''
          }the change request would be filed`,
        );
        return;
      }

      const namespace = tenantNamespaceName(tenant.slug);
      const kubeConfig = await deps.clusters.kubeConfig(tenant.cluster);
      const filed = await ctx.checkpoint({
        key: `tenant-data-source-change-${ctx.task.id}`,
        fn: async () => {
          if (stagedSecret) {
            await stagePassword(kubeConfig, {
              namespace,
              slug: tenant.slug,
              dataSource: name,
              secretName: stagedSecret,
              password: password!,
              stagedBy: ctx.user?.ref ?? 'unknown',
            });
            ctx.logger.info(
              `Staged the password of data source ${name} in Secret ${stagedSecret} of namespace ${namespace}`,
            );
          }
          try {
            const request = await deps.tenantService.fileChangeRequest(
              credentials,
              tenant.id,
              { changes, reason },
            );
            return { id: request.id, summary: describeChanges(request.diff) };
          } catch (error) {
            if (stagedSecret) {
              await deleteStagedPasswords(kubeConfig, namespace, [
                stagedSecret,
              ]).catch(cleanup =>
                ctx.logger.warn(
                  `Could not delete the staged Secret ${stagedSecret}: ${errorMessage(
                    cleanup,
                  )}`,
                ),
              );
            }
            throw error;
          }
        },
      });
      ctx.output('changeRequestId', filed.id);
      ctx.output('summary', filed.summary);
      ctx.logger.info(
        `Filed change request ${filed.id} for tenant ${tenant.slug}: ${filed.summary}. A platform admin approves it; its task then applies the change`,
      );
    },
  });
}
