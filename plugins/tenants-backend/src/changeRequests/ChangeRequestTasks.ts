import type { Knex } from 'knex';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { describeChanges } from '@tenant-platform/backstage-plugin-tenants-common';
import { errorDetails, type AuditTrail } from '../audit/AuditTrail';
import type { ChangeRequestActions } from './ChangeRequestActions';
import { ChangeRequestRecord, ChangeRequestStore } from './ChangeRequestStore';
import type { ChangeTaskControl } from './ChangeTaskLauncher';

/**
 * The scaffolder tasks applying approved change requests: starts or retries
 * one on behalf of the platform admin who asked, and records the outcome
 * (the task id and a log line, or the request failed with the scaffolder's
 * refusal), audited as `tenant.change-request.task`.
 */
export class ChangeRequestTasks {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      actions: ChangeRequestActions;
      /** Starts and retries the tasks; without it, every start is refused (503). */
      control?: ChangeTaskControl;
      logger?: LoggerService;
    },
  ) {}

  /**
   * Starts (or retries) the task applying an approved request, recording the
   * outcome; when the scaffolder refuses, the request fails with its reason,
   * and the refusal is returned too.
   */
  async start(
    actor: string,
    record: ChangeRequestRecord,
    credentials: BackstageCredentials | undefined,
    mode: 'start' | 'retry',
  ): Promise<{ record: ChangeRequestRecord; error?: Error }> {
    const { audit, actions, control, logger } = this.deps;
    const context = {
      actor,
      action: 'tenant.change-request.task',
      tenantId: record.tenantId,
      details: { changeRequestId: record.id, mode },
    };
    try {
      if (!control || !credentials) {
        throw new ServiceUnavailableError(
          'The Tenant Service cannot reach the scaffolder to apply the change',
        );
      }
      let taskId = record.scaffolderTaskId;
      if (mode === 'retry' && taskId) {
        await control.retry(credentials, taskId);
      } else {
        taskId = await control.start(credentials, {
          changeRequestId: record.id,
          tenant: record.tenantSlug,
          summary: describeChanges(record.diff),
        });
      }
      const store = new ChangeRequestStore(this.db);
      await store.update(record.id, { scaffolderTaskId: taskId });
      await store.appendLogs(record.id, [
        {
          level: 'info',
          message: `Scaffolder task ${taskId} ${
            mode === 'retry' ? 'retried' : 'started'
          } on behalf of ${actor}`,
        },
      ]);
      await audit.recordOrLog(context, 'success', { taskId });
      return { record: await store.get(record.id) };
    } catch (error) {
      await audit.recordOrLog(context, 'failure', {
        error: errorDetails(error),
      });
      try {
        const failed = await actions.run(
          actor,
          record.id,
          'task',
          async () => ({
            action: {
              type: 'task-not-started',
              message: (error as Error).message,
            },
          }),
        );
        return { record: failed, error: error as Error };
      } catch (transitionError) {
        // The task reported meanwhile after all; keep what it reported.
        logger?.warn(
          `Could not mark change request ${record.id} failed`,
          transitionError as Error,
        );
        return {
          record: await new ChangeRequestStore(this.db).get(record.id),
          error: error as Error,
        };
      }
    }
  }
}
