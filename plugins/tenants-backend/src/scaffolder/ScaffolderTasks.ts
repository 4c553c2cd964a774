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

interface TaskEvent {
  id: number;
  type: string;
}

/** The path of a task's route below the scaffolder's base URL. */
const taskPath = (taskId: string, suffix: string) =>
  `/v2/tasks/${encodeURIComponent(taskId)}${suffix}`;

/** How long one long-poll of the scaffolder's task events may take before it answers empty. */
const EVENTS_POLL_TIMEOUT_MS = 35_000;

/**
 * The scaffolder tasks behind tenant runs, reached over the scaffolder's HTTP
 * API: retry and cancel on behalf of the user who asked (the scaffolder checks
 * its own permissions), and waiting for a task to stop with the Tenant
 * Service's own credentials.
 */
export class ScaffolderTasks {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /**
   * Retries a failed task: it runs again from the first step and its
   * checkpointed steps return what they returned before. Secrets are not kept
   * by the scaffolder across a retry, so the caller passes them again.
   */
  async retry(
    onBehalfOf: BackstageCredentials,
    taskId: string,
    secrets?: Record<string, string>,
  ): Promise<void> {
    await this.request(
      onBehalfOf,
      'POST',
      taskPath(taskId, '/retry'),
      `retry task ${taskId}`,
      { secrets: secrets ?? {} },
    );
  }

  async cancel(onBehalfOf: BackstageCredentials, taskId: string) {
    await this.request(
      onBehalfOf,
      'POST',
      taskPath(taskId, '/cancel'),
      `cancel task ${taskId}`,
    );
  }

  /** Starts a task of a template; resolves its id. */
  async start(
    onBehalfOf: BackstageCredentials,
    templateRef: string,
    values: Record<string, unknown>,
    what: string,
  ): Promise<string> {
    const task = await this.request<{ id: string }>(
      onBehalfOf,
      'POST',
      '/v2/tasks',
      what,
      { templateRef, values },
    );
    return task.id;
  }

  /**
   * Resolves when the task has stopped running (its completion event is
   * there), watching its event stream by long-poll. Resolves `false` when it
   * has not stopped by the deadline.
   */
  async waitUntilStopped(
    taskId: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<boolean> {
    const deadline = Date.now() + options.timeoutMs;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    let after: number | undefined;
    while (Date.now() < deadline) {
      options.signal?.throwIfAborted();
      const query = after === undefined ? '' : `?after=${after}`;
      const events = await this.request<TaskEvent[]>(
        credentials,
        'GET',
        taskPath(taskId, `/events${query}`),
        `read task ${taskId}`,
        undefined,
        AbortSignal.any([
          AbortSignal.timeout(
            Math.min(EVENTS_POLL_TIMEOUT_MS, deadline - Date.now()),
          ),
          ...(options.signal ? [options.signal] : []),
        ]),
      ).catch(error => {
        if ((error as Error).name === 'TimeoutError') return [];
        throw error;
      });
      if (events.some(e => e.type === 'completion')) return true;
      if (events.length > 0) after = events[events.length - 1].id;
    }
    return false;
  }

  private async request<T = unknown>(
    onBehalfOf: BackstageCredentials,
    method: string,
    path: string,
    what: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: 'scaffolder',
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ServiceUnavailableError(
        `The scaffolder could not ${what}: ${(error as Error).message}`,
      );
    }
    if (!response.ok) {
      throw translateError(await ResponseError.fromResponse(response), what);
    }
    return (await response.json()) as T;
  }
}

/** The scaffolder's refusal as an error of the same class, saying it was the scaffolder. */
function translateError(error: ResponseError, what: string) {
  const message = `The scaffolder could not ${what}: ${
    error.body?.error?.message ?? error.message
  }`;
  switch (error.statusCode) {
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(message, error);
  }
}
