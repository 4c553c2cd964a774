import {
  listLabelledObjects,
  teardownKinds,
  tenantSelector,
} from '@tenant-platform/backstage-plugin-tenants-node';
import {
  startFullStack,
  type FullStack,
} from './__testUtils__/fullStackBackend';
import {
  provisioningSecrets,
  uniqueSuffix,
} from './__testUtils__/provisioningValues';
import { logMessages, taskStatus, untilCompleted } from './__testUtils__/tasks';
import { tenantIdOf } from './__testUtils__/tenants';
import { as, PLATFORM_ADMIN } from './__testUtils__/users';

/**
 * The whole provisioning path in one backend: the real scaffolder runs the
 * tenant template's steps (our actions) against the local Kubernetes control
 * plane and reports to the real Tenant Service over HTTP; retry and rollback
 * go through the Tenant Service's API. Only the catalog (which serves the
 * template) and the signals service (which the test watches) are stand-ins.
 */

jest.setTimeout(300_000);

const asAdmin = as(PLATFORM_ADMIN);

let stack: FullStack;
const api = () => stack.api();
const signal = (predicate: (message: any) => boolean) =>
  stack.signals.waitFor(predicate);

const secrets = provisioningSecrets();
const PASSWORD = secrets.dataSourcePassword_warehouse;

const startTask = (slug: string) =>
  stack.startProvisioning(asAdmin, { slug, secrets });

async function labelledObjects(slug: string) {
  const spec = (
    await api()
      .get(`/api/tenants/v1/tenants/${await tenantIdOf(api, slug, asAdmin)}`)
      .set(asAdmin)
  ).body.spec;
  return listLabelledObjects(stack.kubeConfig, tenantSelector(slug), [
    ...teardownKinds(spec, stack.renderContext),
    { apiVersion: 'v1', kind: 'Pod' },
  ]);
}

const unique = uniqueSuffix();

beforeAll(async () => {
  stack = await startFullStack({
    cluster: 'local-e2e',
    readinessTimeoutSeconds: 120,
    templates: ['tenant-provisioning'],
  });
});

afterAll(() => stack?.stop());

describe('tenant provisioning through the scaffolder', () => {
  it('fails on a crashing data-plane workload, retries from that phase through the Tenant Service, and rolls back to nothing', async () => {
    const slug = `e2e${unique}`;
    stack.renderContext.injectedFaults = { 'ai-engine': 'container-fail' };
    const taskId = await startTask(slug);
    const failedRun = await untilCompleted(api, taskId, asAdmin);
    const failedLog = logMessages(failedRun);

    expect(await taskStatus(api, taskId, asAdmin)).toBe('failed');
    expect(failedLog).toContainEqual(
      expect.stringMatching(
        /^Phase data-plane failed: Workload failed: deployment\/ai-engine \(pod\/ai-engine-.*CrashLoopBackOff/,
      ),
    );
    expect(failedLog).toContainEqual(
      expect.stringMatching(/^Phase control-plane completed: /),
    );
    const id = await tenantIdOf(api, slug, asAdmin);
    const failedStatus = await api()
      .get(`/api/tenants/v1/tenants/${id}/status`)
      .set(asAdmin);
    expect(failedStatus.body).toMatchObject({
      tenant_id: id,
      status: 'failed',
      phase_name: 'Data Plane',
      total_phases: 8,
    });

    // The fault is gone; the retry runs the same task again from the data plane.
    stack.renderContext.injectedFaults = {};
    const retry = await api()
      .post(`/api/tenants/v1/tenants/${id}/retry`)
      .set(asAdmin)
      .send({ secrets });
    expect(retry.status).toBe(201);
    expect(retry.body.run).toMatchObject({
      attempt: 2,
      scaffolderTaskId: taskId,
    });
    const retriedRun = await untilCompleted(api, taskId, asAdmin);
    const retriedLog = logMessages(retriedRun);
    expect(await taskStatus(api, taskId, asAdmin)).toBe('completed');
    for (const phase of [
      'namespace',
      'secrets',
      'data-infrastructure',
      'control-plane',
    ]) {
      expect(retriedLog).toContain(
        `Phase ${phase} already completed in an earlier attempt of this task; skipping`,
      );
    }
    expect(retriedLog).toContainEqual(
      expect.stringMatching(/^Phase data-plane completed: /),
    );
    const ready = await api().get(`/api/tenants/v1/tenants/${id}`).set(asAdmin);
    expect(ready.body).toMatchObject({ state: 'ready' });
    expect(ready.body.latestRun).toMatchObject({
      attempt: 2,
      status: 'completed',
    });

    // Nothing the task logged or the Tenant Service returns holds the password.
    const everything = [
      ...failedLog,
      ...retriedLog,
      JSON.stringify(ready.body),
      JSON.stringify(
        (await api().get(`/api/tenants/v1/tenants/${id}/status`).set(asAdmin))
          .body,
      ),
    ];
    expect(everything.filter(line => line.includes(PASSWORD))).toEqual([]);

    // Rollback tears everything down and proves it by listing.
    expect(await labelledObjects(slug)).not.toEqual([]);
    const rollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(rollback.status).toBe(202);
    expect(rollback.body).toMatchObject({
      started: true,
      tenant: { state: 'rolling_back' },
    });
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    expect(await labelledObjects(slug)).toEqual([]);
    const status = await api()
      .get(`/api/tenants/v1/tenants/${id}/status`)
      .set(asAdmin);
    expect(status.body.logs.at(-1)).toMatch(
      /Rollback completed: \d+ object\(s\) deleted, none with the tenant's labels left$/,
    );

    // A second rollback is harmless and ends the same way.
    stack.signals.clear();
    const again = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(again.status).toBe(202);
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    const retryAfterRollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/retry`)
      .set(asAdmin);
    expect(retryAfterRollback.status).toBe(409);
  });

  it('refuses to roll back a running provisioning unless asked to cancel it, then cancels and tears down', async () => {
    const slug = `e2c${unique}`;
    stack.signals.clear();
    stack.renderContext.injectedFaults = { postgres: 'never-ready' };
    const taskId = await startTask(slug);
    const started = await signal(
      m =>
        m.state === 'provisioning' &&
        m.phase?.id === 'data-infrastructure' &&
        m.phase?.status === 'in_progress',
    );
    const id = started.tenantId;

    const refused = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Attempt 1 is still in progress (phase data-infrastructure in progress); roll back with {"cancel": true} to cancel its scaffolder task first',
    );

    const rollback = await api()
      .post(`/api/tenants/v1/tenants/${id}/rollback`)
      .set(asAdmin)
      .send({ cancel: true });
    expect(rollback.status).toBe(202);
    expect(rollback.body.cancelledTaskId).toBe(taskId);
    const events = await untilCompleted(api, taskId, asAdmin);
    expect(events.map(e => e.type)).toContain('cancelled');
    await signal(m => m.tenantId === id && m.state === 'rolled_back');
    expect(await labelledObjects(slug)).toEqual([]);

    const audit = await api()
      .get(`/api/tenants/v1/tenants/${id}/audit`)
      .set(asAdmin);
    expect(
      audit.body.items.map((e: any) => `${e.action} ${e.outcome}`),
    ).toEqual(
      expect.arrayContaining([
        'tenant.rollback failure',
        'tenant.rollback success',
        'tenant.rollback.finish success',
      ]),
    );
    stack.renderContext.injectedFaults = {};
  });
});
