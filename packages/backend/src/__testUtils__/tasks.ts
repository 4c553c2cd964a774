import type { Api } from './fullStackBackend';
import { provisioningValues } from './provisioningValues';

export interface TaskEvent {
  id: number;
  type: string;
  body: { message?: string; status?: string; stepId?: string };
}

type Headers = Record<string, string>;

/**
 * Starts the tenant-provisioning template for `slug` (the values of
 * provisioningValues, with `values` over them) as the user of `headers`;
 * resolves the task's id.
 */
export async function startProvisioning(
  api: Api,
  headers: Headers,
  task: {
    templateRef: string;
    slug: string;
    secrets?: Record<string, string>;
    values?: Record<string, unknown>;
  },
): Promise<string> {
  const response = await api()
    .post('/api/scaffolder/v2/tasks')
    .set(headers)
    .send({
      templateRef: task.templateRef,
      values: provisioningValues(task.slug, task.values),
      secrets: task.secrets,
    });
  expect(response.status).toBe(201);
  return response.body.id;
}

/**
 * Follows a scaffolder task's event stream (long-poll) until its completion
 * event; with `afterId`, only the events after that one (e.g. those of a
 * retry, after the last event of the failed run).
 */
export async function untilCompleted(
  api: Api,
  taskId: string,
  headers: Headers,
  afterId?: number,
): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  for (;;) {
    const last = events.length ? events[events.length - 1].id : afterId;
    const after = last !== undefined ? `?after=${last}` : '';
    const response = await api()
      .get(`/api/scaffolder/v2/tasks/${taskId}/events${after}`)
      .set(headers);
    expect(response.status).toBe(200);
    events.push(...response.body);
    if (events.some(e => e.type === 'completion')) return events;
  }
}

/** The task's status; after its completion event: failed, completed or cancelled. */
export async function taskStatus(
  api: Api,
  taskId: string,
  headers: Headers,
): Promise<string> {
  const response = await api()
    .get(`/api/scaffolder/v2/tasks/${taskId}`)
    .set(headers);
  return response.body.status;
}

// eslint-disable-next-line no-control-regex
const LEVEL_PREFIX = /^(\u001b\[\d+m)?\w+(\u001b\[\d+m)?: /;

/** The task view's log lines, without the level prefix (`info: `) the task logger adds. */
export const logMessages = (events: TaskEvent[]) =>
  events
    .filter(e => e.type === 'log')
    .map(e => (e.body.message ?? '').replace(LEVEL_PREFIX, ''));
