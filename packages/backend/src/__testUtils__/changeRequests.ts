import type { Api } from './fullStackBackend';
import { logMessages, taskStatus, untilCompleted } from './tasks';
import { as, PLATFORM_ADMIN, TENANT_ADMIN } from './users';

/**
 * Files a change as the tenant admin, approves it as a platform admin (after
 * the tenant admin was refused to approve their own request) and follows the
 * task the Tenant Service started; returns the task's log and the applied
 * change request.
 */
export async function requestApproveApply(
  api: Api,
  tenantId: string,
  changes: object,
  reason: string,
) {
  const filed = await api()
    .post(`/api/tenants/v1/tenants/${tenantId}/change-requests`)
    .set(as(TENANT_ADMIN))
    .send({ changes, reason });
  expect(filed.status).toBe(201);
  expect(filed.body.status).toBe('pending');

  const pending = await api()
    .get('/api/tenants/v1/change-requests?status=pending')
    .set(as(PLATFORM_ADMIN));
  expect(pending.body.items.map((r: any) => r.id)).toContain(filed.body.id);

  const own = await api()
    .post(`/api/tenants/v1/change-requests/${filed.body.id}/approve`)
    .set(as(TENANT_ADMIN))
    .send({});
  expect(own.status).toBe(403);

  const approved = await api()
    .post(`/api/tenants/v1/change-requests/${filed.body.id}/approve`)
    .set(as(PLATFORM_ADMIN))
    .send({ comment: 'Approved in the integration test' });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({
    status: 'approved',
    scaffolderTaskId: expect.any(String),
  });
  const taskId = approved.body.scaffolderTaskId;
  const events = await untilCompleted(api, taskId, as(PLATFORM_ADMIN));
  const log = logMessages(events);
  if ((await taskStatus(api, taskId, as(PLATFORM_ADMIN))) !== 'completed') {
    throw new Error(`The change task failed:\n${log.join('\n')}`);
  }
  const detail = await api()
    .get(`/api/tenants/v1/change-requests/${filed.body.id}`)
    .set(as(TENANT_ADMIN));
  expect(detail.body).toMatchObject({
    status: 'applied',
    attempts: 1,
    scaffolderTaskId: taskId,
  });
  return { log, changeRequest: detail.body };
}
