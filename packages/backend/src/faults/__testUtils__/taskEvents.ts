import type { Api } from '../../__testUtils__/fullStackBackend';
import { logMessages, type TaskEvent } from '../../__testUtils__/tasks';

type Headers = Record<string, string>;

export interface FollowOptions {
  timeoutMs?: number;
  /** Only the events after this one (e.g. those of a retry, after the failed run's last). */
  afterId?: number;
}

/**
 * Follows a scaffolder task's event stream (long-poll) until `until(events)`
 * holds for the events so far; fails at the deadline naming the last log lines.
 */
export async function followTask(
  api: Api,
  taskId: string,
  headers: Headers,
  until: (events: TaskEvent[]) => boolean,
  options: FollowOptions = {},
): Promise<TaskEvent[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  const events: TaskEvent[] = [];
  for (;;) {
    if (until(events)) return events;
    if (Date.now() > deadline) {
      throw new Error(
        `Task ${taskId} did not get there in time; its last log lines:\n${logMessages(
          events,
        )
          .slice(-15)
          .join('\n')}`,
      );
    }
    const last = events.length ? events[events.length - 1].id : options.afterId;
    const after = last !== undefined ? `?after=${last}` : '';
    const response = await api()
      .get(`/api/scaffolder/v2/tasks/${taskId}/events${after}`)
      .set(headers)
      .timeout(40_000);
    if (response.status !== 200) {
      throw new Error(
        `GET task events answered ${response.status}: ${response.text}`,
      );
    }
    events.push(...response.body);
  }
}

/** Follows a task until its completion event. */
export const untilTaskCompleted = (
  api: Api,
  taskId: string,
  headers: Headers,
  options?: FollowOptions,
) =>
  followTask(
    api,
    taskId,
    headers,
    events => events.some(e => e.type === 'completion'),
    options,
  );

/** Follows a task until one of its log lines matches `pattern`. */
export const untilTaskLogs = (
  api: Api,
  taskId: string,
  headers: Headers,
  pattern: RegExp,
  options?: FollowOptions,
) =>
  followTask(
    api,
    taskId,
    headers,
    events =>
      logMessages(events).some(line => pattern.test(line)) ||
      events.some(e => e.type === 'completion'),
    options,
  );
