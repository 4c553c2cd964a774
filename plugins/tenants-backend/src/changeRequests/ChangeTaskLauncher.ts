import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ScaffolderTasks } from '../scaffolder/ScaffolderTasks';

/** The template whose task applies an approved change (this package's templates/tenant-change/template.yaml). */
export const CHANGE_TEMPLATE_REF = 'template:default/tenant-change';

/** What the change request service asks of the scaffolder. */
export interface ChangeTaskControl {
  /** Starts the task applying a change request; resolves its task id. */
  start(
    onBehalfOf: BackstageCredentials,
    values: { changeRequestId: string; tenant: string; summary: string },
  ): Promise<string>;
  /** Runs a failed task again (its checkpointed phases are skipped). */
  retry(onBehalfOf: BackstageCredentials, taskId: string): Promise<void>;
}

/**
 * Starts and retries the scaffolder tasks that apply change requests, on
 * behalf of the platform admin who approved: the scaffolder checks its own
 * permissions (the template and its steps are tagged `platform-admin`) and
 * its task view shows the logs.
 */
export class ChangeTaskLauncher implements ChangeTaskControl {
  constructor(
    private readonly tasks: Pick<ScaffolderTasks, 'start' | 'retry'>,
    private readonly templateRef: string = CHANGE_TEMPLATE_REF,
  ) {}

  start(
    onBehalfOf: BackstageCredentials,
    values: { changeRequestId: string; tenant: string; summary: string },
  ): Promise<string> {
    return this.tasks.start(
      onBehalfOf,
      this.templateRef,
      values,
      'start the task applying the change',
    );
  }

  async retry(onBehalfOf: BackstageCredentials, taskId: string) {
    await this.tasks.retry(onBehalfOf, taskId);
  }
}
