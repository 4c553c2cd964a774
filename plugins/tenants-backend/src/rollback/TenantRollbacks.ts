import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Tenant } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  teardownTenant,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';
import type { RollbackState } from './RollbackState';

/** @public */
export interface TenantRollbacksOptions {
  state: RollbackState;
  clusters: ClusterRegistry;
  scaffolder?: Pick<ScaffolderTasks, 'waitUntilStopped'>;
  logger: LoggerService;
  /** Deadline for each kind of object to disappear. */
  timeoutMs: number;
}

/** How long a cancelled scaffolder task gets to stop before teardown starts anyway. */
const TASK_STOP_TIMEOUT_MS = 60_000;

/**
 * Runs rollbacks in the background: waits for a cancelled task to stop, tears
 * down every object with the tenant's labels (newest phase first), streams
 * progress into the run log and ends the tenant `rolled_back` or `failed`.
 */
export class TenantRollbacks {
  private readonly running = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(private readonly options: TenantRollbacksOptions) {}

  /**
   * A rollback requested through the API: records it (see
   * {@link RollbackState.begin}) and, when it started, starts the teardown
   * in the background.
   */
  async request(
    actor: string,
    rawId: unknown,
    body: unknown,
    credentials?: BackstageCredentials,
  ): ReturnType<RollbackState['begin']> {
    const result = await this.options.state.begin(
      actor,
      rawId,
      body,
      credentials,
    );
    if (result.started) {
      void this.start(actor, result.tenant, result.cancelledTaskId);
    }
    return result;
  }

  /** Starts the teardown of a tenant that is rolling back, unless one is already running here. */
  start(
    actor: string,
    tenant: Tenant,
    cancelledTaskId?: string,
  ): Promise<void> {
    const existing = this.running.get(tenant.id);
    if (existing) return existing;
    const run = this.run(actor, tenant, cancelledTaskId).finally(() =>
      this.running.delete(tenant.id),
    );
    this.running.set(tenant.id, run);
    return run;
  }

  /** Resumes rollbacks a restart interrupted; teardown is idempotent. */
  async resumeInterrupted(): Promise<void> {
    for (const tenant of await this.options.state.tenantsRollingBack()) {
      this.options.logger.info(
        `Resuming the interrupted rollback of tenant '${tenant.slug}'`,
      );
      void this.start('system:tenants', tenant);
    }
  }

  /** Aborts running teardowns (at shutdown); their tenants stay rolling back and resume on start. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    await Promise.allSettled(this.running.values());
  }

  private async run(
    actor: string,
    tenant: Tenant,
    cancelledTaskId?: string,
  ): Promise<void> {
    const { state, clusters, logger } = this.options;
    const signal = this.shutdown.signal;
    // Progress lines are written one after the other so the log keeps their order.
    let written = Promise.resolve();
    const progress = (message: string) => {
      written = written.then(() =>
        state
          .recordProgress(tenant.id, `Rollback: ${message}`)
          .catch(error =>
            logger.warn(
              `Could not record rollback progress of tenant '${tenant.slug}'`,
              error,
            ),
          ),
      );
      return written;
    };
    try {
      if (cancelledTaskId && this.options.scaffolder) {
        await progress(
          `waiting for scaffolder task ${cancelledTaskId} to stop`,
        );
        const stopped = await this.options.scaffolder.waitUntilStopped(
          cancelledTaskId,
          { timeoutMs: TASK_STOP_TIMEOUT_MS, signal },
        );
        if (!stopped) {
          await progress(
            `scaffolder task ${cancelledTaskId} has not stopped within ${
              TASK_STOP_TIMEOUT_MS / 1000
            }s; tearing down anyway`,
          );
        }
      }
      if (!tenant.cluster) {
        await progress('no cluster was assigned, so nothing to tear down');
        await state.finish(actor, tenant.id, { deleted: [], remaining: [] });
        return;
      }
      const kubeConfig = await clusters.kubeConfig(tenant.cluster);
      await progress(
        `deleting objects labelled for tenant '${tenant.slug}' on cluster ${tenant.cluster}, newest phase first`,
      );
      const result = await teardownTenant(kubeConfig, {
        spec: tenant.spec,
        timeoutMs: this.options.timeoutMs,
        signal,
        onProgress: message => void progress(message),
      });
      await written;
      await state.finish(actor, tenant.id, result);
    } catch (error) {
      if (signal.aborted) {
        logger.info(
          `Rollback of tenant '${tenant.slug}' interrupted by shutdown; it resumes on the next start`,
        );
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(`Rollback of tenant '${tenant.slug}' failed: ${message}`);
      await state
        .finish(actor, tenant.id, { error: message })
        .catch(finishError =>
          logger.error(
            `Could not record the failed rollback of tenant '${tenant.slug}'`,
            finishError,
          ),
        );
    }
  }
}
