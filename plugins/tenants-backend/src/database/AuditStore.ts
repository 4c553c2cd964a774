import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { AuditOutcome } from '@tenant-platform/backstage-plugin-tenants-common';
import { toIso } from './util';

/** One entry of the audit trail. */
export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  tenantId?: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  at: Date | string | number;
  actor: string;
  action: string;
  tenant_id: string | null;
  outcome: AuditOutcome;
  details: string;
}

/** The audit trail of mutating calls. Construct it on a transaction to take part in one. */
export class AuditStore {
  constructor(private readonly db: Knex) {}

  async record(event: Omit<AuditEvent, 'id' | 'at'>): Promise<AuditEvent> {
    const row: AuditRow = {
      id: randomUUID(),
      at: new Date(),
      actor: event.actor,
      action: event.action,
      tenant_id: event.tenantId ?? null,
      outcome: event.outcome,
      details: JSON.stringify(event.details),
    };
    await this.db<AuditRow>('tenant_audit_events').insert(row);
    return { ...event, id: row.id, at: toIso(row.at) };
  }

  /** Audit events of one tenant, newest first. */
  async listForTenant(
    tenantId: string,
    options: { limit: number; offset: number },
  ): Promise<{ items: AuditEvent[]; totalCount: number }> {
    const base = () =>
      this.db<AuditRow>('tenant_audit_events').where({ tenant_id: tenantId });
    const [rows, [{ count }]] = await Promise.all([
      base()
        .select()
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
      base().count({ count: '*' }),
    ]);
    return {
      items: rows.map(row => ({
        id: row.id,
        at: toIso(row.at),
        actor: row.actor,
        action: row.action,
        tenantId: row.tenant_id ?? undefined,
        outcome: row.outcome,
        details: JSON.parse(row.details),
      })),
      totalCount: Number(count),
    };
  }
}
