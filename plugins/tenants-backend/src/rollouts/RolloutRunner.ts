import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  Rollout,
  RolloutTenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantStore } from '../database/TenantStore';
import { ChangeRequestStore } from '../changeRequests/ChangeRequestStore';
import type { TenantUpgrades } from '../changeRequests/TenantUpgrades';
import { RolloutStore } from './RolloutStore';
import { nextWaveStep, settleRolloutTenant } from './rolloutTransitions';

/**
 * An upgrade claimed but without a change request this long after its start
 * was cut short (the backend stopped between the two); it is marked failed
 * so that it can be retried.
 */
const UNSTARTED_UPGRADE_MS = 2 * 60_000;

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Moves rollouts on: follows the change requests of the tenants being
 * upgraded or reverted, starts the pending tenants of the current wave once
 * the pause after the previous wave is over, stops a rollout at its failure
 * limit and completes it after the last wave. Everything it knows is in the
 * database, so a restarted backend (or another replica) picks up where it
 * was; Backstage's scheduler runs it on one replica at a time, and each
 * tenant is claimed with a conditional update before its upgrade starts.
 */
export class RolloutRunner {
  constructor(
    private readonly deps: {
      db: Knex;
      upgrades: Pick<TenantUpgrades, 'start'>;
      /** Credentials the upgrade tasks are started with (the plugin's own). */
      credentials: () => Promise<BackstageCredentials>;
      /** Told of every rollout whose state or tenants changed. */
      onChange: (rollout: Rollout) => Promise<void>;
      logger: LoggerService;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** One round over every rollout with work to do. */
  async runOnce(): Promise<void> {
    const store = new RolloutStore(this.deps.db);
    for (const id of await store.listActiveIds()) {
      try {
        await this.advance(id);
      } catch (error) {
        this.deps.logger.warn(
          `Could not advance rollout ${id}: ${errorMessage(error)}`,
        );
      }
    }
  }

  async advance(id: string): Promise<void> {
    const store = new RolloutStore(this.deps.db);
    let changed = await this.followTenants(id);
    let rollout = await store.get(id);
    // Each step re-reads the rollout; a wave without pause starts at once.
    for (let steps = 0; rollout.state === 'running' && steps < 3; steps++) {
      const moved = await this.step(rollout);
      if (!moved) break;
      changed = true;
      rollout = await store.get(id);
    }
    if (changed) await this.deps.onChange(rollout);
  }

  /** Settles the upgrading and reverting tenants whose change request finished; answers whether any did. */
  private async followTenants(id: string): Promise<boolean> {
    const store = new RolloutStore(this.deps.db);
    const requests = new ChangeRequestStore(this.deps.db);
    let changed = false;
    for (const tenant of await store.tenantsOf(id)) {
      if (tenant.state !== 'upgrading' && tenant.state !== 'reverting') {
        continue;
      }
      const now = this.now();
      let update;
      if (tenant.changeRequestId) {
        const request = await requests.find(tenant.changeRequestId);
        update = request
          ? settleRolloutTenant(tenant, request, now)
          : {
              state: 'failed' as const,
              errorMessage: `Change request ${tenant.changeRequestId} no longer exists`,
              finishedAt: now,
            };
      } else if (
        tenant.startedAt &&
        now.getTime() - new Date(tenant.startedAt).getTime() >
          UNSTARTED_UPGRADE_MS
      ) {
        update = {
          state: 'failed' as const,
          errorMessage:
            'The upgrade did not start (the backend stopped while starting it); retry it',
          finishedAt: now,
        };
      }
      if (
        update &&
        (await store.updateTenant(id, tenant.tenantId, [tenant.state], update))
      ) {
        changed = true;
      }
    }
    return changed;
  }

  /** One step of a running rollout; answers whether it moved. */
  private async step(rollout: Rollout): Promise<boolean> {
    const store = new RolloutStore(this.deps.db);
    const now = this.now();
    const tenants = await store.tenantsOf(rollout.id);
    const step = nextWaveStep(rollout, tenants, now);
    const whileRunning = async (
      update: Parameters<RolloutStore['update']>[1],
    ) =>
      this.deps.db.transaction(async tx => {
        const locked = await new RolloutStore(tx).get(rollout.id, {
          lock: true,
        });
        if (locked.state !== 'running') return false;
        await new RolloutStore(tx).update(rollout.id, update, now);
        return true;
      });
    switch (step.type) {
      case 'wait':
        return false;
      case 'stop':
        this.deps.logger.warn(`Rollout ${rollout.id} stopped: ${step.reason}`);
        return whileRunning({ state: 'stopped', stateReason: step.reason });
      case 'complete':
        this.deps.logger.info(
          `Rollout ${rollout.id} to platform version ${rollout.targetVersion} completed`,
        );
        return whileRunning({
          state: 'completed',
          stateReason: step.reason ?? null,
          nextWaveAt: null,
          finishedAt: now,
        });
      case 'next-wave':
        return whileRunning({
          currentWave: step.wave,
          nextWaveAt: step.nextWaveAt ?? null,
        });
      default: {
        await store.update(rollout.id, { nextWaveAt: null }, now);
        this.deps.logger.info(
          `Rollout ${rollout.id}: wave ${step.wave + 1} of ${
            rollout.waves
          } starts the upgrade of ${step.tenantIds.length} tenant(s) to ${
            rollout.targetVersion
          }`,
        );
        const byId = new Map(tenants.map(t => [t.tenantId, t]));
        for (const tenantId of step.tenantIds) {
          await this.startUpgrade(rollout, byId.get(tenantId)!);
        }
        return true;
      }
    }
  }

  /** Claims a pending tenant and starts its upgrade; a refusal fails it with the reason. */
  async startUpgrade(rollout: Rollout, tenant: RolloutTenant): Promise<void> {
    const store = new RolloutStore(this.deps.db);
    const claimed = await store.updateTenant(
      rollout.id,
      tenant.tenantId,
      [tenant.state],
      {
        state: 'upgrading',
        startedAt: this.now(),
        finishedAt: null,
        errorMessage: null,
        changeRequestId: null,
      },
    );
    if (!claimed) return;
    const settle = (state: 'failed' | 'upgraded', message: string | null) =>
      store.updateTenant(rollout.id, tenant.tenantId, ['upgrading'], {
        state,
        errorMessage: message,
        finishedAt: this.now(),
      });
    const record = await new TenantStore(this.deps.db).findTenant(
      tenant.tenantId,
    );
    if (record?.platformVersion === rollout.targetVersion) {
      await settle('upgraded', null);
      return;
    }
    try {
      const request = await this.deps.upgrades.start(
        rollout.createdBy,
        tenant.tenantId,
        {
          platformVersion: rollout.targetVersion,
          reason: rollout.reason,
          rolloutId: rollout.id,
          credentials: await this.deps.credentials(),
        },
      );
      await store.updateTenant(rollout.id, tenant.tenantId, ['upgrading'], {
        changeRequestId: request.id,
      });
    } catch (error) {
      await settle(
        'failed',
        `The upgrade could not start: ${errorMessage(error)}`,
      );
    }
  }
}
