import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  RolloutDetail,
  RolloutTenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { Knex } from 'knex';
import { errorDetails, type AuditTrail } from '../audit/AuditTrail';
import type { ChangeRequestDecisions } from '../changeRequests/ChangeRequestDecisions';
import { ChangeRequestStore } from '../changeRequests/ChangeRequestStore';
import { parseTenantId } from '../validation/parseRequest';
import { RolloutStore } from './RolloutStore';
import type { RolloutRunner } from './RolloutRunner';
import { parseRolloutId, type RolloutService } from './RolloutService';

/**
 * What a platform admin does with a tenant whose upgrade failed in a
 * rollout: retry it or return it to the version it ran. Each is audited as
 * `tenant.rollout.<verb>`; the change request's own transactions do the
 * work, so the audit event is recorded after it.
 */
export class RolloutTenantRecovery {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      runner: Pick<RolloutRunner, 'startUpgrade'>;
      decisions: Pick<ChangeRequestDecisions, 'retry' | 'revert'>;
      rollouts: Pick<RolloutService, 'announce'>;
      clock?: () => Date;
    },
  ) {}

  /**
   * Runs a failed tenant's upgrade again: its change request is retried
   * (the phases it completed are skipped), or a new upgrade starts when it
   * never got one. The tenant is `upgrading` (or `reverting`, when it was
   * its return that failed) again.
   */
  async retryTenant(
    actor: string,
    rawId: unknown,
    rawTenantId: unknown,
    credentials?: BackstageCredentials,
  ): Promise<RolloutDetail> {
    const { rollout, tenant } = await this.failedTenant(rawId, rawTenantId);
    const store = new RolloutStore(this.db);
    await this.recorded(actor, 'retry', rollout.id, tenant, async () => {
      if (!tenant.changeRequestId) {
        await this.deps.runner.startUpgrade(rollout, tenant);
        return;
      }
      // The failed request is the upgrade, or the repair returning the tenant.
      const request = await new ChangeRequestStore(this.db).get(
        tenant.changeRequestId,
      );
      const reverting = Boolean(request.changes.repair);
      const claimed = await store.updateTenant(
        rollout.id,
        tenant.tenantId,
        ['failed'],
        {
          state: reverting ? 'reverting' : 'upgrading',
          errorMessage: null,
          finishedAt: null,
        },
      );
      if (!claimed) throw notFailed(tenant.tenantSlug);
      try {
        await this.deps.decisions.retry(
          actor,
          tenant.changeRequestId,
          credentials,
        );
      } catch (error) {
        await store.updateTenant(
          rollout.id,
          tenant.tenantId,
          ['upgrading', 'reverting'],
          {
            state: 'failed',
            errorMessage: `The retry could not start: ${
              (error as Error).message
            }`,
            finishedAt: this.deps.clock?.() ?? new Date(),
          },
        );
        throw error;
      }
    });
    return this.deps.rollouts.announce(rollout.id);
  }

  /**
   * Gives a failed tenant's upgrade up and returns the tenant to the
   * version it ran: its change request becomes `reverted` and a repair
   * applies the objects of its previous version again (`reverting`, then
   * `reverted`).
   */
  async revertTenant(
    actor: string,
    rawId: unknown,
    rawTenantId: unknown,
    credentials?: BackstageCredentials,
  ): Promise<RolloutDetail> {
    const { rollout, tenant } = await this.failedTenant(rawId, rawTenantId);
    if (!tenant.changeRequestId) {
      throw new ConflictError(
        `The upgrade of tenant '${tenant.tenantSlug}' never started; it still runs platform version ${tenant.fromVersion} and has nothing to revert`,
      );
    }
    const changeRequestId = tenant.changeRequestId;
    await this.recorded(actor, 'revert', rollout.id, tenant, async () => {
      const repair = await this.deps.decisions.revert(
        actor,
        changeRequestId,
        {
          comment: `Returned to platform version ${tenant.fromVersion} from rollout ${rollout.id}`,
        },
        credentials,
      );
      await new RolloutStore(this.db).updateTenant(
        rollout.id,
        tenant.tenantId,
        ['failed'],
        {
          state: 'reverting',
          changeRequestId: repair.id,
          errorMessage: null,
          finishedAt: null,
        },
      );
    });
    return this.deps.rollouts.announce(rollout.id);
  }

  /**
   * Runs a retry or revert, which take their own transactions (the change
   * request's), and records `tenant.rollout.<verb>` with its outcome.
   */
  private async recorded(
    actor: string,
    verb: 'retry' | 'revert',
    rolloutId: string,
    tenant: RolloutTenant,
    work: () => Promise<void>,
  ): Promise<void> {
    const context = {
      actor,
      action: `tenant.rollout.${verb}`,
      tenantId: tenant.tenantId,
      details: { rolloutId, changeRequestId: tenant.changeRequestId },
    };
    try {
      await work();
    } catch (error) {
      await this.deps.audit.recordOrLog(context, 'failure', {
        error: errorDetails(error),
      });
      throw error;
    }
    await this.deps.audit.recordOrLog(context, 'success', {});
  }

  private async failedTenant(rawId: unknown, rawTenantId: unknown) {
    const id = parseRolloutId(rawId);
    const tenantId = parseTenantId(rawTenantId);
    const store = new RolloutStore(this.db);
    const rollout = await store.get(id);
    const tenant = await store.getTenant(id, tenantId);
    if (tenant.state !== 'failed') throw notFailed(tenant.tenantSlug);
    return { rollout, tenant };
  }
}

function notFailed(slug: string): ConflictError {
  return new ConflictError(
    `Tenant '${slug}' has not failed in this rollout; only a failed tenant can be retried or reverted`,
  );
}
