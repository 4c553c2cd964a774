import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  applyTenantChanges,
  CHANGE_REQUEST_EVENT_TYPES,
  changeRequestEventSchema,
  changeRequestIdSchema,
  createChangeRequestSchema,
  DATA_SOURCE_CHANGE_TEMPLATE_REF,
  dataSourceChangeProblems,
  describeChanges,
  effectiveChanges,
  listChangeRequestsQuerySchema,
  stagedPasswords,
  type BillingPolicy,
  type ChangeRequest,
  type ChangeRequestDetail,
  type Tenant,
  type TenantChanges,
  type TenantSpecVersion,
  type TenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { PlatformVersions } from '@tenant-platform/backstage-plugin-tenants-node';
import type { AuditTrail } from '../audit/AuditTrail';
import { SpecVersionStore } from '../database/SpecVersionStore';
import type { TenantAccessFilter } from '../database/tenantFilter';
import { TenantStore } from '../database/TenantStore';
import { humanize } from '../lib/humanize';
import type { Listeners } from '../lib/Listeners';
import { assertChangeAllowed } from '../policy/billingPolicy';
import {
  FieldsInputError,
  invalidFields,
} from '../validation/FieldsInputError';
import { parseRequest, parseTenantId } from '../validation/parseRequest';
import type { ChangeRequestActions } from './ChangeRequestActions';
import type { ChangeRequestEvent } from './ChangeRequestEvent';
import {
  ChangeRequestRecord,
  ChangeRequestStore,
  publicChangeRequest,
} from './ChangeRequestStore';
import { assertNoConflictingRequest } from './conflictingRequest';
import { reportedAction } from './changeRequestTransitions';
import { describeCurrentValues } from './describeCurrentValues';
import { assertPlatformVersionDeclared } from './assertPlatformVersionDeclared';
import type { StagedPasswordAccess } from './StagedPasswords';

/** Tenant states in which change requests may be filed. */
const FILING_STATES: readonly TenantState[] = ['ready', 'updating'];

/**
 * The change requests of tenant admins and the reports of the scaffolder
 * task applying them: filing (validated against the tenant's current spec
 * and the billing policy, audited in the same transaction), reads, and the
 * apply action's reports. The decisions of platform admins are
 * {@link ChangeRequestDecisions}'.
 */
export class ChangeRequestService {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      actions: ChangeRequestActions;
      events: Listeners<ChangeRequestEvent>;
      /** `tenants.billingPolicy`. */
      billingPolicy: BillingPolicy;
      /** The staged passwords of data-source changes on the tenants' clusters. */
      stagedPasswords: StagedPasswordAccess;
      /** The declared platform versions a change may upgrade (or return) a tenant to. */
      platformVersions?: PlatformVersions;
      logger?: LoggerService;
    },
  ) {}

  /** Validates a change request id (400) and loads it (404), for authorization before a call. */
  async requestForAccess(rawId: unknown): Promise<ChangeRequestRecord> {
    const id = parseRequest(changeRequestIdSchema, rawId, 'change request id');
    return new ChangeRequestStore(this.db).get(id);
  }

  /** Files a change request for a tenant (the caller is authorized for it). */
  async create(
    actor: string,
    rawTenantId: unknown,
    body: unknown,
  ): Promise<ChangeRequest> {
    const created = await this.deps.audit.audited(
      {
        actor,
        action: 'tenant.change-request.create',
        details: {},
      },
      async (tx, audit) => {
        const tenantId = parseTenantId(rawTenantId);
        audit.tenantId = tenantId;
        const input = parseRequest(
          createChangeRequestSchema,
          body,
          'request body',
        );
        audit.details.reason = input.reason;
        const store = new ChangeRequestStore(tx);
        const tenant = await new TenantStore(tx).getTenant(tenantId, {
          lock: true,
        });
        if (!FILING_STATES.includes(tenant.state)) {
          throw new ConflictError(
            `Tenant '${tenant.slug}' is ${humanize(
              tenant.state,
            )}; change requests can be filed once it is ready`,
          );
        }
        const problems = dataSourceChangeProblems(
          tenant.spec,
          input.changes.dataSources,
        );
        if (problems.length) {
          throw invalidFields(
            'request body',
            problems.map(p => ({ ...p, field: `changes.${p.field}` })),
          );
        }
        assertPlatformVersionDeclared(
          input.changes.platformVersion,
          this.deps.platformVersions,
        );
        const { changes, diff } = effectiveChanges(
          tenant.spec,
          input.changes,
          tenant.platformVersion,
        );
        if (diff.length === 0) {
          const message = `Nothing to change: tenant '${
            tenant.slug
          }' already has ${describeCurrentValues(tenant.spec, input.changes)}`;
          throw new FieldsInputError(`Invalid request body: ${message}`, [
            { field: 'changes', message },
          ]);
        }
        audit.details.changes = changes;
        assertChangeAllowed(
          applyTenantChanges(tenant.spec, changes),
          changes,
          this.deps.billingPolicy,
        );
        await assertNoConflictingRequest(store, tenant, changes);
        await this.assertPasswordsStaged(tenant, input.changes);
        const request = await store.create({
          tenantId,
          changes,
          diff,
          reason: input.reason,
          requestedBy: actor,
          baseSpecVersion: tenant.specVersion,
        });
        audit.details.changeRequestId = request.id;
        await store.appendLogs(request.id, [
          {
            level: 'info',
            message: `Filed by ${actor}: ${describeChanges(diff)}. Reason: ${
              input.reason
            }`,
          },
        ]);
        return request;
      },
    );
    await this.labelStagedPasswords(created.tenantId, created);
    await this.deps.events.emit({
      kind: 'created',
      changeRequest: created,
      actor,
    });
    return publicChangeRequest(created);
  }

  /**
   * A 400 naming each `passwordSecret` of the changes (by its place in the
   * body) that is no password staged in the tenant's namespace: passwords
   * reach a change request only as Secrets the template
   * `tenant-data-source-change` stages.
   */
  private async assertPasswordsStaged(tenant: Tenant, changes: TenantChanges) {
    const staged = stagedPasswords(changes.dataSources);
    if (staged.length === 0) return;
    const missing = new Set(
      (await this.deps.stagedPasswords.missing(tenant, staged)).map(
        s => s.secretName,
      ),
    );
    if (missing.size === 0) return;
    const fields = (['add', 'edit'] as const).flatMap(list =>
      (changes.dataSources?.[list] ?? []).flatMap((source, index) =>
        source.passwordSecret && missing.has(source.passwordSecret)
          ? [
              {
                field: `changes.dataSources.${list}[${index}].passwordSecret`,
                message: `No password is staged as '${source.passwordSecret}' for data source '${source.name}' in the namespace of tenant '${tenant.slug}': file data-source changes with the template ${DATA_SOURCE_CHANGE_TEMPLATE_REF}, which stages the password (a scaffolder secret) before it files the request`,
              },
            ]
          : [],
      ),
    );
    throw invalidFields('request body', fields);
  }

  /** Labels the staged passwords of a filed request with its id; a failure is only logged. */
  private async labelStagedPasswords(
    tenantId: string,
    request: ChangeRequestRecord,
  ) {
    const names = stagedPasswords(request.changes.dataSources).map(
      s => s.secretName,
    );
    if (names.length === 0) return;
    try {
      const tenant = await new TenantStore(this.db).getTenant(tenantId);
      await this.deps.stagedPasswords.label(tenant, names, request.id);
    } catch (error) {
      this.deps.logger?.warn(
        `Could not label the staged passwords of change request ${
          request.id
        }: ${(error as Error)?.message ?? error}`,
      );
    }
  }

  /** Change requests of every tenant `access` lets the caller read, newest first. */
  async list(query: unknown, access: TenantAccessFilter) {
    const options = parseRequest(listChangeRequestsQuerySchema, query, 'query');
    const result = await new ChangeRequestStore(this.db).list({
      ...options,
      access,
    });
    return { ...result, items: result.items.map(publicChangeRequest) };
  }

  /** Change requests of one tenant, newest first. */
  async listForTenant(tenantId: string, query: unknown) {
    const options = parseRequest(listChangeRequestsQuerySchema, query, 'query');
    const result = await new ChangeRequestStore(this.db).list({
      ...options,
      tenantId,
    });
    return { ...result, items: result.items.map(publicChangeRequest) };
  }

  /** A change request with its log and, once approved, the specs it goes from and to. */
  async detail(id: string): Promise<ChangeRequestDetail> {
    const store = new ChangeRequestStore(this.db);
    const record = await store.get(id);
    const tenant = await new TenantStore(this.db).getTenant(record.tenantId);
    const fromSpec =
      record.fromSpecVersion !== undefined
        ? await new SpecVersionStore(this.db).specAt(
            tenant,
            record.fromSpecVersion,
          )
        : undefined;
    return {
      ...publicChangeRequest(record),
      cluster: tenant.cluster,
      ...(tenant.platformVersion
        ? { platformVersion: tenant.platformVersion }
        : {}),
      ...(fromSpec ? { fromSpec } : {}),
      ...(record.targetSpec ? { targetSpec: record.targetSpec } : {}),
      logs: await store.listLogs(id),
    };
  }

  /** The versions of a tenant's spec, newest first. */
  async specVersions(tenantId: string): Promise<TenantSpecVersion[]> {
    const tenant = await new TenantStore(this.db).getTenant(tenantId);
    return new SpecVersionStore(this.db).list(tenant);
  }

  /** The reports of the `tenant:apply-change` action. */
  async reportEvent(
    actor: string,
    id: string,
    body: unknown,
  ): Promise<ChangeRequest> {
    const type = (body as { type?: unknown } | undefined)?.type;
    const known = (CHANGE_REQUEST_EVENT_TYPES as readonly unknown[]).includes(
      type,
    );
    const record = await this.deps.actions.run(
      actor,
      id,
      known ? String(type) : 'event',
      async () => {
        const event = parseRequest(
          changeRequestEventSchema,
          body,
          'request body',
        );
        return { action: reportedAction(event) };
      },
      { auditSuccess: type !== 'log' },
    );
    return publicChangeRequest(record);
  }
}
