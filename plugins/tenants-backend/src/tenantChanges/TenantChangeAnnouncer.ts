import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import { RunStore } from '../database/RunStore';
import { TenantStore } from '../database/TenantStore';
import { Listeners } from '../lib/Listeners';
import type { TenantChange, TenantChangeListener } from './TenantChange';

/**
 * Announces committed status changes of tenants (registration, phase events
 * other than log lines, retry, rollback, change requests) to the catalog sync
 * and the tenant signals. Listener failures are logged, never thrown.
 */
export class TenantChangeAnnouncer {
  private readonly listeners: Listeners<TenantChange>;

  constructor(
    private readonly db: Knex,
    private readonly logger?: LoggerService,
  ) {
    this.listeners = new Listeners(
      change =>
        `A listener of tenant changes failed for tenant '${change.tenant.slug}'`,
      logger,
    );
  }

  onChange(listener: TenantChangeListener): void {
    this.listeners.add(listener);
  }

  announce(change: TenantChange): Promise<void> {
    return this.listeners.emit(change);
  }

  /** Announces the tenant as given, with its newest run as stored. */
  async announceState(tenant: Tenant): Promise<void> {
    await this.announce(await this.withLatestRun(tenant));
  }

  /** Announces the tenant as stored; a tenant that cannot be read is logged and not announced. */
  async announceStored(tenantId: string): Promise<void> {
    let change: TenantChange;
    try {
      const tenant = await new TenantStore(this.db).getTenant(tenantId);
      change = await this.withLatestRun(tenant);
    } catch (error) {
      this.logger?.warn(
        `Could not load tenant ${tenantId} to announce its change`,
        error as Error,
      );
      return;
    }
    await this.announce(change);
  }

  private async withLatestRun(tenant: Tenant): Promise<TenantChange> {
    const run = await new RunStore(this.db).getLatestRun(tenant.id);
    return {
      tenant,
      run: { attempt: run?.attempt ?? 0, status: run?.status ?? 'pending' },
    };
  }
}
