import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The template whose task applies an approved change (templates/tenant-change/template.yaml). */
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
 * Starts and retries the scaffolder tasks that apply change requests, over
 * the scaffolder's HTTP API (`POST /v2/tasks`, `POST /v2/tasks/:id/retry`) on
 * behalf of the platform admin who approved: the scaffolder checks its own
 * permissions (the template and its steps are tagged `platform-admin`) and
 * its task view shows the logs.
 */
export class ChangeTaskLauncher implements ChangeTaskControl {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      templateRef?: string;
    },
  ) {}

  async start(
    onBehalfOf: BackstageCredentials,
    values: { changeRequestId: string; tenant: string; summary: string },
  ): Promise<string> {
    const task = await this.request<{ id: string }>(
      onBehalfOf,
      '/v2/tasks',
      { templateRef: this.deps.templateRef ?? CHANGE_TEMPLATE_REF, values },
      'start the task applying the change',
    );
    return task.id;
  }

  async retry(onBehalfOf: BackstageCredentials, taskId: string) {
    await this.request(
      onBehalfOf,
      `/v2/tasks/${encodeURIComponent(taskId)}/retry`,
      { secrets: {} },
      `retry task ${taskId}`,
    );
  }

  private async request<T>(
    onBehalfOf: BackstageCredentials,
    path: string,
    body: unknown,
    what: string,
  ): Promise<T> {
    let response: Response;
    try {
      const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: 'scaffolder',
      });
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The scaffolder could not ${what}: ${(error as Error).message}`,
      );
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      const message = `The scaffolder could not ${what}: ${
        error.body?.error?.message ?? error.message
      }`;
      switch (error.statusCode) {
        case 403:
          throw new NotAllowedError(message);
        case 404:
          throw new NotFoundError(message);
        case 409:
          throw new ConflictError(message);
        default:
          throw new ServiceUnavailableError(message, error);
      }
    }
    return (await response.json()) as T;
  }
}
