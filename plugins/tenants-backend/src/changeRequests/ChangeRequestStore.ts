import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import type {
  ChangeRequest,
  ChangeRequestDiffEntry,
  ChangeRequestLogLine,
  ChangeRequestStatus,
  LogLevel,
  TenantChanges,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  TenantAccessFilter,
  whereTenantAccess,
} from '../database/tenantFilter';
import { forUpdate, toIso, toIsoOrUndefined } from '../database/util';

/** The newest log lines kept per change request. */
export const MAX_LOG_LINES_PER_CHANGE_REQUEST = 2000;

type Timestamp = Date | string | number;

interface ChangeRequestRow {
  id: string;
  tenant_id: string;
  status: ChangeRequestStatus;
  changes: string;
  diff: string;
  reason: string;
  requested_by: string;
  requested_at: Timestamp;
  base_spec_version: number;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_comment: string | null;
  from_spec_version: number | null;
  target_spec: string | null;
  applied_spec_version: number | null;
  scaffolder_task_id: string | null;
  attempts: number;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  error_message: string | null;
  updated_at: Timestamp;
}

type JoinedRow = ChangeRequestRow & {
  tenant_slug: string;
  tenant_name: string;
};

/** A change request with what only the Tenant Service and the apply action need. */
export interface ChangeRequestRecord extends ChangeRequest {
  targetSpec?: TenantSpec;
}

/** The writable columns of a change request, in record terms. */
export interface ChangeRequestUpdate {
  status?: ChangeRequestStatus;
  decidedBy?: string;
  decidedAt?: Date;
  decisionComment?: string | null;
  fromSpecVersion?: number;
  targetSpec?: TenantSpec;
  appliedSpecVersion?: number;
  scaffolderTaskId?: string | null;
  attempts?: number;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  errorMessage?: string | null;
}

function toRecord(row: JoinedRow): ChangeRequestRecord {
  const optional = <T>(value: T | null) => value ?? undefined;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantSlug: row.tenant_slug,
    tenantName: row.tenant_name,
    status: row.status,
    changes: JSON.parse(row.changes),
    diff: JSON.parse(row.diff),
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: toIso(row.requested_at),
    baseSpecVersion: Number(row.base_spec_version),
    decidedBy: optional(row.decided_by),
    decidedAt: toIsoOrUndefined(row.decided_at),
    decisionComment: optional(row.decision_comment),
    fromSpecVersion:
      row.from_spec_version === null
        ? undefined
        : Number(row.from_spec_version),
    appliedSpecVersion:
      row.applied_spec_version === null
        ? undefined
        : Number(row.applied_spec_version),
    scaffolderTaskId: optional(row.scaffolder_task_id),
    attempts: Number(row.attempts),
    startedAt: toIsoOrUndefined(row.started_at),
    finishedAt: toIsoOrUndefined(row.finished_at),
    errorMessage: optional(row.error_message),
    updatedAt: toIso(row.updated_at),
    ...(row.target_spec ? { targetSpec: JSON.parse(row.target_spec) } : {}),
  };
}

/** Strips what is not part of the public `ChangeRequest`. */
export function publicChangeRequest(
  record: ChangeRequestRecord,
): ChangeRequest {
  const { targetSpec, ...rest } = record;
  return rest;
}

/**
 * Change requests, their logs and the versions of tenant specs, in the
 * Backstage database. Construct it on a transaction to take part in one.
 */
export class ChangeRequestStore {
  constructor(private readonly db: Knex) {}

  private select() {
    return this.db<ChangeRequestRow>('tenant_change_requests as cr')
      .join('tenants as t', 't.id', 'cr.tenant_id')
      .select('cr.*', 't.slug as tenant_slug', 't.name as tenant_name');
  }

  async create(input: {
    tenantId: string;
    changes: TenantChanges;
    diff: ChangeRequestDiffEntry[];
    reason: string;
    requestedBy: string;
    baseSpecVersion: number;
  }): Promise<ChangeRequestRecord> {
    const now = new Date();
    const id = randomUUID();
    await this.db<ChangeRequestRow>('tenant_change_requests').insert({
      id,
      tenant_id: input.tenantId,
      status: 'pending',
      changes: JSON.stringify(input.changes),
      diff: JSON.stringify(input.diff),
      reason: input.reason,
      requested_by: input.requestedBy,
      requested_at: now,
      base_spec_version: input.baseSpecVersion,
      attempts: 0,
      updated_at: now,
    });
    return this.get(id);
  }

  /** The change request, or 404. With `lock`, its row is locked for the transaction (PostgreSQL). */
  async get(
    id: string,
    options?: { lock?: boolean },
  ): Promise<ChangeRequestRecord> {
    const query = this.select().where('cr.id', id).first();
    const row = (await (options?.lock ? forUpdate(this.db, query) : query)) as
      | JoinedRow
      | undefined;
    if (!row) {
      throw new NotFoundError(`No change request with id '${id}'`);
    }
    return toRecord(row);
  }

  async find(id: string): Promise<ChangeRequestRecord | undefined> {
    return this.get(id).catch(error => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  }

  /** Open requests (of the given statuses) of a tenant, oldest first. */
  async listOfTenant(
    tenantId: string,
    statuses: readonly ChangeRequestStatus[],
  ): Promise<ChangeRequestRecord[]> {
    const rows = (await this.select()
      .where('cr.tenant_id', tenantId)
      .whereIn('cr.status', statuses as ChangeRequestStatus[])
      .orderBy('cr.requested_at', 'asc')) as JoinedRow[];
    return rows.map(toRecord);
  }

  /**
   * Lists change requests, newest first: of one tenant, or of every tenant
   * `access` lets the caller read.
   */
  async list(options: {
    tenantId?: string;
    status?: ChangeRequestStatus;
    access?: TenantAccessFilter;
    limit: number;
    offset: number;
  }): Promise<{ items: ChangeRequestRecord[]; totalCount: number }> {
    const filtered = () => {
      const query = this.db('tenant_change_requests as cr').join(
        'tenants as t',
        't.id',
        'cr.tenant_id',
      );
      if (options.tenantId) query.where('cr.tenant_id', options.tenantId);
      if (options.status) query.where('cr.status', options.status);
      if (options.access && options.access.type !== 'all') {
        query.whereIn('cr.tenant_id', sub => {
          sub.from('tenants').select('id');
          whereTenantAccess(sub, options.access);
        });
      }
      return query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select('cr.*', 't.slug as tenant_slug', 't.name as tenant_name')
        .orderBy([
          { column: 'cr.requested_at', order: 'desc' },
          { column: 'cr.id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: (rows as JoinedRow[]).map(toRecord),
      totalCount: Number(count),
    };
  }

  async update(id: string, update: ChangeRequestUpdate): Promise<void> {
    const row: Partial<ChangeRequestRow> = { updated_at: new Date() };
    const set = <K extends keyof ChangeRequestRow>(
      key: K,
      value: ChangeRequestRow[K] | undefined,
    ) => {
      if (value !== undefined) row[key] = value;
    };
    set('status', update.status);
    set('decided_by', update.decidedBy);
    set('decided_at', update.decidedAt);
    set('decision_comment', update.decisionComment);
    set('from_spec_version', update.fromSpecVersion);
    set(
      'target_spec',
      update.targetSpec ? JSON.stringify(update.targetSpec) : undefined,
    );
    set('applied_spec_version', update.appliedSpecVersion);
    set('scaffolder_task_id', update.scaffolderTaskId);
    set('attempts', update.attempts);
    set('started_at', update.startedAt);
    set('finished_at', update.finishedAt);
    set('error_message', update.errorMessage);
    await this.db<ChangeRequestRow>('tenant_change_requests')
      .where({ id })
      .update(row);
  }

  /** Appends log lines and drops the oldest beyond {@link MAX_LOG_LINES_PER_CHANGE_REQUEST}. */
  async appendLogs(
    id: string,
    lines: Array<{ level: LogLevel; message: string }>,
  ): Promise<void> {
    if (lines.length === 0) return;
    const now = new Date();
    await this.db('tenant_change_request_logs').insert(
      lines.map(line => ({
        change_request_id: id,
        logged_at: now,
        level: line.level,
        message: line.message,
      })),
    );
    const cutoff = await this.db('tenant_change_request_logs')
      .where({ change_request_id: id })
      .orderBy('id', 'desc')
      .offset(MAX_LOG_LINES_PER_CHANGE_REQUEST)
      .first('id');
    if (cutoff) {
      await this.db('tenant_change_request_logs')
        .where({ change_request_id: id })
        .andWhere('id', '<=', cutoff.id)
        .delete();
    }
  }

  /** The newest `limit` log lines, oldest first. */
  async listLogs(id: string, limit = 500): Promise<ChangeRequestLogLine[]> {
    const rows = await this.db('tenant_change_request_logs')
      .where({ change_request_id: id })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(row => ({
      at: toIso(row.logged_at),
      level: row.level,
      message: row.message,
    }));
  }
}
