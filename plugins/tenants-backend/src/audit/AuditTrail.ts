import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AuditOutcome } from '@tenant-platform/backstage-plugin-tenants-common';
import { AuditStore } from '../database/AuditStore';

/** The audit event of one call; the call fills in what it learns on the way. */
export interface AuditContext {
  actor: string;
  action: string;
  tenantId?: string;
  details: Record<string, unknown>;
}

/** An audit event's context as a call starts it. */
export type AuditRequest = Omit<AuditContext, 'details'> & {
  details?: Record<string, unknown>;
};

/** How a failed call is audited: `details.error`. */
export function errorDetails(error: unknown) {
  const e = error as Error & { fields?: unknown };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(error),
    ...(e?.fields ? { fields: e.fields } : {}),
  };
}

/** The audit trail of the Tenant Service's mutating calls. */
export class AuditTrail {
  constructor(
    private readonly db: Knex,
    private readonly logger?: LoggerService,
  ) {}

  /**
   * Runs `work` in a transaction that also records its success (unless
   * `auditSuccess` is false; `successDetails` adds what the result tells). A
   * failure is recorded after the rollback, with `details.error`, and
   * rethrown.
   */
  async audited<T>(
    context: AuditRequest,
    work: (tx: Knex.Transaction, audit: AuditContext) => Promise<T>,
    options?: {
      successDetails?: (result: T) => Record<string, unknown>;
      auditSuccess?: boolean;
    },
  ): Promise<T> {
    const audit: AuditContext = { ...context, details: { ...context.details } };
    try {
      return await this.db.transaction(async tx => {
        const result = await work(tx, audit);
        if (options?.auditSuccess !== false) {
          await new AuditStore(tx).record({
            actor: audit.actor,
            action: audit.action,
            tenantId: audit.tenantId,
            outcome: 'success',
            details: { ...audit.details, ...options?.successDetails?.(result) },
          });
        }
        return result;
      });
    } catch (error) {
      try {
        await this.record(audit, 'failure', { error: errorDetails(error) });
      } catch (auditError) {
        this.logger?.error(
          `Could not record the failure of ${audit.action} in the audit trail`,
          auditError as Error,
        );
      }
      throw error;
    }
  }

  /** Records an event outside a transaction; `details` add to the context's. */
  async record(
    context: AuditRequest,
    outcome: AuditOutcome,
    details: Record<string, unknown>,
  ): Promise<void> {
    await new AuditStore(this.db).record({
      actor: context.actor,
      action: context.action,
      tenantId: context.tenantId,
      outcome,
      details: { ...context.details, ...details },
    });
  }

  /** Like {@link AuditTrail.record}, but an event that cannot be recorded is logged instead of thrown. */
  async recordOrLog(
    context: AuditRequest,
    outcome: AuditOutcome,
    details: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.record(context, outcome, details);
    } catch (auditError) {
      this.logger?.error(
        `Could not record ${context.action} in the audit trail`,
        auditError as Error,
      );
    }
  }
}
