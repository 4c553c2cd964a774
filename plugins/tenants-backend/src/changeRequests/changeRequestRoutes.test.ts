import { Knex } from 'knex';
import request from 'supertest';
import {
  OTHER_PLATFORM_ADMIN,
  PLATFORM_ADMIN,
  STRANGER,
  TENANT_ADMIN,
  UNKNOWN_ID,
  startChangeRequestBackend,
  type ChangeRequestBackend,
  type ScriptedScaffolder,
} from '../__testUtils__/changeRequestBackend';
import { asService, asUser as as } from '../__testUtils__/tenantApi';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('change requests on %s', databaseId => {
  let knex: Knex;
  let server: any;
  let tenants: Record<string, string>;
  let scaffolder: ScriptedScaffolder;
  let signals: ChangeRequestBackend['signals'];
  let notifications: ChangeRequestBackend['notifications'];

  const api = () => request(server);
  const file = (tenant: string, body: object, user: string = TENANT_ADMIN) =>
    api()
      .post(`/api/tenants/v1/tenants/${tenants[tenant]}/change-requests`)
      .set(as(user))
      .send(body);
  const decide_ = (
    id: string,
    verb: 'approve' | 'reject' | 'retry',
    body: object = {},
    user: string = PLATFORM_ADMIN,
  ) =>
    api()
      .post(`/api/tenants/v1/change-requests/${id}/${verb}`)
      .set(as(user))
      .send(body);
  const report = (id: string, body: object) =>
    api()
      .post(`/api/tenants/v1/change-requests/${id}/events`)
      .set(asService)
      .send(body);
  const tenant = async (slug: string) =>
    (
      await api()
        .get(`/api/tenants/v1/tenants/${tenants[slug]}`)
        .set(as(PLATFORM_ADMIN))
    ).body;
  const toLarge = {
    changes: { resourceTier: 'large' },
    reason: 'More users next quarter',
  };

  beforeEach(async () => {
    jest.clearAllMocks();
    knex = await databases.init(databaseId);
    ({ server, tenants, scaffolder, signals, notifications } =
      await startChangeRequestBackend(knex));
  });

  describe('filing', () => {
    it('lets a tenant admin file a request for their tenant and tells the platform admins', async () => {
      const response = await file('acme', {
        changes: { resourceTier: 'large', modules: { bi: true, ml: true } },
        reason: '  More users next quarter ',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        tenantId: tenants.acme,
        tenantSlug: 'acme',
        status: 'pending',
        // bi is already enabled: dropped from the effective changes.
        changes: { resourceTier: 'large', modules: { ml: true } },
        diff: [
          { field: 'infrastructure.resourceTier', from: 'medium', to: 'large' },
          { field: 'modules.ml', from: false, to: true },
        ],
        reason: 'More users next quarter',
        requestedBy: TENANT_ADMIN,
        baseSpecVersion: 1,
        attempts: 0,
      });
      expect(response.body.targetSpec).toBeUndefined();

      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/platform-admins',
          excludeEntityRef: TENANT_ADMIN,
        },
        payload: expect.objectContaining({
          title:
            'Change request for tenant Tenant acme: resource tier medium → large, enable ML Platform',
          link: '/catalog/default/resource/acme',
          scope: `tenant-change-request:${response.body.id}`,
        }),
      });
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: {
          type: 'user',
          entityRef: [
            'group:default/platform-admins',
            'group:default/acme-admins',
          ],
        },
        channel: `tenant-change-requests:${tenants.acme}`,
        message: {
          changeRequestId: response.body.id,
          tenantId: tenants.acme,
          status: 'pending',
        },
      });

      const audit = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/audit`)
        .set(as(PLATFORM_ADMIN));
      expect(audit.body.items[0]).toMatchObject({
        actor: TENANT_ADMIN,
        action: 'tenant.change-request.create',
        outcome: 'success',
        details: {
          changeRequestId: response.body.id,
          changes: { resourceTier: 'large', modules: { ml: true } },
        },
      });
    });

    it('does not let tenant admins file for tenants they do not administer, nor strangers at all', async () => {
      const other = await file('bravo', toLarge);
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(
        `No tenant with id '${tenants.bravo}'`,
      );
      const stranger = await file('acme', toLarge, STRANGER);
      expect(stranger.status).toBe(404);
      const byPlatformAdmin = await file('bravo', toLarge, PLATFORM_ADMIN);
      expect(byPlatformAdmin.status).toBe(201);
    });

    it('refuses a request that changes nothing with a 400 saying what the tenant already has', async () => {
      const response = await file('acme', {
        changes: { resourceTier: 'medium', modules: { bi: true } },
        reason: 'Nothing really',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual([
        {
          field: 'changes',
          message:
            "Nothing to change: tenant 'acme' already has resource tier medium and BI Platform enabled",
        },
      ]);
      expect(notifications.send).not.toHaveBeenCalled();
      const audit = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/audit`)
        .set(as(PLATFORM_ADMIN));
      expect(audit.body.items[0]).toMatchObject({
        action: 'tenant.change-request.create',
        outcome: 'failure',
      });
    });

    it('refuses what the billing tier does not allow with field errors', async () => {
      const response = await file('starter', {
        changes: { resourceTier: 'large' },
        reason: 'Bigger',
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        fields: [
          {
            field: 'changes.resourceTier',
            message:
              'The Large resource tier is not available on the Starter tier; choose Small or Medium (Large is available on Professional, Enterprise)',
          },
        ],
      });
      expect(
        (
          await file('starter', {
            changes: { resourceTier: 'medium' },
            reason: 'ok',
          })
        ).status,
      ).toBe(201);
    });

    it('files changes of security, details and compute, and refuses what cannot change in place with the reason', async () => {
      const filed = await file('acme', {
        changes: {
          allowedCidrs: ['10.20.0.0/16'],
          mfaPolicy: 'required-all',
          description: 'Analytics for the sales team',
          dedicatedCompute: true,
        },
        reason: 'Office network and isolation',
      });
      expect(filed.status).toBe(201);
      expect(filed.body.diff).toEqual([
        { field: 'infrastructure.dedicatedCompute', from: false, to: true },
        {
          field: 'details.description',
          from: '',
          to: 'Analytics for the sales team',
        },
        { field: 'security.allowedCidrs', from: [], to: ['10.20.0.0/16'] },
      ]);

      const same = await file(
        'bravo',
        {
          changes: { mfaPolicy: 'required-all', allowedCidrs: [] },
          reason: 'Same',
        },
        PLATFORM_ADMIN,
      );
      expect(same.body.error.fields).toEqual([
        {
          field: 'changes',
          message:
            "Nothing to change: tenant 'bravo' already has MFA policy required-all and allowed IP ranges none",
        },
      ]);

      const gpu = await file(
        'bravo',
        {
          changes: { billingTier: 'professional', gpuEnabled: true },
          reason: 'Cheaper, with GPUs',
        },
        PLATFORM_ADMIN,
      );
      expect(gpu.status).toBe(400);
      expect(gpu.body.error.fields).toEqual([
        {
          field: 'changes.gpuEnabled',
          message:
            'GPU is not available on the Professional tier (available on Enterprise)',
        },
      ]);

      const moved = await file(
        'bravo',
        {
          changes: {
            slug: 'bravo2',
            cloudProvider: 'aws',
            region: 'eu-west-1',
          },
          reason: 'Move',
        },
        PLATFORM_ADMIN,
      );
      expect(moved.status).toBe(400);
      expect(moved.body.error.fields).toEqual([
        {
          field: 'changes.slug',
          message: expect.stringMatching(/^The slug cannot change: /),
        },
        {
          field: 'changes.cloudProvider',
          message: expect.stringMatching(
            /^The cloud provider cannot change in place: .*Provision a new tenant on the other provider/,
          ),
        },
        {
          field: 'changes.region',
          message: expect.stringMatching(
            /^The region cannot change in place: /,
          ),
        },
      ]);
    });

    it('rejects malformed bodies and ids with field errors', async () => {
      const response = await file('acme', {
        changes: { modules: { bogus: true, ml: 'yes' }, extra: 1 },
        reason: '',
      });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([
          { field: 'changes.modules.bogus', message: "Unknown field 'bogus'" },
          { field: 'changes.extra', message: "Unknown field 'extra'" },
          {
            field: 'changes.modules.ml',
            message: 'ml must be true (enable) or false (disable)',
          },
          { field: 'reason', message: 'A reason is required' },
        ]),
      );
      const empty = await file('acme', { changes: {}, reason: 'x' });
      expect(empty.body.error.fields).toEqual([
        {
          field: 'changes',
          message:
            'Name at least one change: a field such as resourceTier, a module, repair or platformVersion',
        },
      ]);
      const badId = await api()
        .get('/api/tenants/v1/change-requests/nope')
        .set(as(PLATFORM_ADMIN));
      expect(badId.status).toBe(400);
      const unknown = await api()
        .get(`/api/tenants/v1/change-requests/${UNKNOWN_ID}`)
        .set(as(PLATFORM_ADMIN));
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        `No change request with id '${UNKNOWN_ID}'`,
      );
    });

    it('refuses a request conflicting with an open one (409), allows one on other fields', async () => {
      const first = await file('acme', toLarge);
      expect(first.status).toBe(201);
      const conflict = await file(
        'acme',
        { changes: { resourceTier: 'small' }, reason: 'Cheaper' },
        PLATFORM_ADMIN,
      );
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.message).toBe(
        `Change request ${first.body.id} (pending, filed by ${TENANT_ADMIN}) already changes infrastructure.resourceTier of tenant 'acme'; wait until it is decided or applied, or change other fields`,
      );
      const other = await file('acme', {
        changes: { modules: { bi: false } },
        reason: 'Nobody uses dashboards',
      });
      expect(other.status).toBe(201);

      // Only one change is applied to a tenant at a time.
      expect((await decide_(first.body.id, 'approve')).status).toBe(200);
      const second = await decide_(other.body.id, 'approve');
      expect(second.status).toBe(409);
      expect(second.body.error.message).toBe(
        `Change request ${first.body.id} of this tenant is approved; approve this one once it is applied`,
      );
    });
  });

  describe('reading', () => {
    it('lists pending requests: all for platform admins, their tenants for tenant admins', async () => {
      const acme = await file('acme', toLarge);
      const bravo = await file('bravo', toLarge, PLATFORM_ADMIN);
      await decide_(
        bravo.body.id,
        'reject',
        { comment: 'No' },
        OTHER_PLATFORM_ADMIN,
      );

      const all = await api()
        .get('/api/tenants/v1/change-requests')
        .set(as(PLATFORM_ADMIN));
      expect(all.body.totalCount).toBe(2);
      const pending = await api()
        .get('/api/tenants/v1/change-requests?status=pending')
        .set(as(PLATFORM_ADMIN));
      expect(pending.body).toMatchObject({
        totalCount: 1,
        items: [{ id: acme.body.id, tenantSlug: 'acme' }],
      });
      const own = await api()
        .get('/api/tenants/v1/change-requests')
        .set(as(TENANT_ADMIN));
      expect(own.body.items.map((r: any) => r.id)).toEqual([acme.body.id]);
      const none = await api()
        .get('/api/tenants/v1/change-requests')
        .set(as(STRANGER));
      expect(none.body).toEqual({ items: [], totalCount: 0 });
      const bad = await api()
        .get('/api/tenants/v1/change-requests?status=done')
        .set(as(PLATFORM_ADMIN));
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('status');

      const ofTenant = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/change-requests`)
        .set(as(TENANT_ADMIN));
      expect(ofTenant.body.items.map((r: any) => r.id)).toEqual([acme.body.id]);
      expect(
        (
          await api()
            .get(`/api/tenants/v1/change-requests/${bravo.body.id}`)
            .set(as(TENANT_ADMIN))
        ).status,
      ).toBe(404);
      const detail = await api()
        .get(`/api/tenants/v1/change-requests/${acme.body.id}`)
        .set(as(TENANT_ADMIN));
      expect(detail.body).toMatchObject({
        id: acme.body.id,
        cluster: 'local',
        logs: [
          {
            level: 'info',
            message: `Filed by ${TENANT_ADMIN}: resource tier medium → large. Reason: More users next quarter`,
          },
        ],
      });
    });
  });

  describe('deciding', () => {
    it('does not let tenant admins approve or reject', async () => {
      const filed = await file('acme', toLarge);
      for (const verb of ['approve', 'reject'] as const) {
        const response = await decide_(
          filed.body.id,
          verb,
          { comment: 'mine' },
          TENANT_ADMIN,
        );
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'You are not allowed to approve or reject change requests',
        );
      }
      expect(scaffolder.created).toEqual([]);
    });

    it('never lets a requester approve their own request', async () => {
      const filed = await file('acme', toLarge, PLATFORM_ADMIN);
      const own = await decide_(filed.body.id, 'approve');
      expect(own.status).toBe(403);
      expect(own.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'You filed this change request yourself; another platform admin has to approve it',
      });
      const other = await decide_(
        filed.body.id,
        'approve',
        {},
        OTHER_PLATFORM_ADMIN,
      );
      expect(other.status).toBe(200);
    });

    it('approves, starting the task on behalf of the approver, and tells the requester', async () => {
      const filed = await file('acme', toLarge);
      const approved = await decide_(filed.body.id, 'approve', {
        comment: 'Budget is fine',
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        decidedBy: PLATFORM_ADMIN,
        decisionComment: 'Budget is fine',
        fromSpecVersion: 1,
        scaffolderTaskId: 'task-1',
      });
      expect(scaffolder.created).toEqual([
        {
          body: {
            templateRef: 'template:default/tenant-change',
            values: {
              changeRequestId: filed.body.id,
              tenant: 'acme',
              summary: 'resource tier medium → large',
            },
          },
          onBehalfOf: PLATFORM_ADMIN,
        },
      ]);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: TENANT_ADMIN },
        payload: expect.objectContaining({
          title:
            'Change request approved for tenant Tenant acme: resource tier medium → large',
          description:
            'Approved by user:default/platform-admin: Budget is fine. The change is being applied.',
        }),
      });
      const again = await decide_(
        filed.body.id,
        'approve',
        {},
        OTHER_PLATFORM_ADMIN,
      );
      expect(again.status).toBe(409);
    });

    it('requires a comment to reject, and tells the requester why', async () => {
      const filed = await file('acme', toLarge);
      const missing = await decide_(filed.body.id, 'reject', {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.fields).toEqual([
        {
          field: 'comment',
          message: 'A comment is required to reject a change request',
        },
      ]);
      const blank = await decide_(filed.body.id, 'reject', { comment: '  ' });
      expect(blank.status).toBe(400);
      const rejected = await decide_(filed.body.id, 'reject', {
        comment: 'Not this quarter',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        decisionComment: 'Not this quarter',
      });
      expect(notifications.send).toHaveBeenLastCalledWith({
        recipients: { type: 'entity', entityRef: TENANT_ADMIN },
        payload: expect.objectContaining({
          description: `Rejected by ${PLATFORM_ADMIN}: Not this quarter`,
        }),
      });
      expect((await decide_(filed.body.id, 'approve')).status).toBe(409);
      // Decided: a new request for the same field may be filed.
      expect((await file('acme', toLarge)).status).toBe(201);
    });

    it('fails the request, keeping the approval, when the scaffolder refuses; a retry starts the task', async () => {
      const filed = await file('acme', toLarge);
      scaffolder.refuse = { status: 403, message: 'Template not allowed' };
      const approved = await decide_(filed.body.id, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: 'failed',
        decidedBy: PLATFORM_ADMIN,
        errorMessage:
          'The scaffolder could not start the task applying the change: Template not allowed',
      });
      expect((await tenant('acme')).state).toBe('ready');

      const refusedAgain = await decide_(filed.body.id, 'retry');
      expect(refusedAgain.status).toBe(403);
      scaffolder.refuse = undefined;
      const retried = await decide_(filed.body.id, 'retry');
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({
        status: 'approved',
        scaffolderTaskId: 'task-1',
      });
      expect(scaffolder.created).toHaveLength(1);
    });
  });

  describe('applying', () => {
    it('tracks the apply action: tenant updating, then ready with the new spec version, in the audit trail', async () => {
      const filed = await file('acme', {
        changes: { resourceTier: 'large', modules: { bi: false } },
        reason: 'Growth',
      });
      await decide_(filed.body.id, 'approve');
      jest.clearAllMocks();
      const id = filed.body.id;

      // A user cannot report; the task's service principal can.
      const byUser = await api()
        .post(`/api/tenants/v1/change-requests/${id}/events`)
        .set(as(TENANT_ADMIN))
        .send({ type: 'applied' });
      expect(byUser.status).toBe(403);
      expect((await report(id, { type: 'applied' })).status).toBe(409);

      const started = await report(id, { type: 'started', taskId: 'task-1' });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'applying', attempts: 1 });
      expect((await tenant('acme')).state).toBe('updating');
      expect(signals.publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: `tenants:${tenants.acme}`,
          message: expect.objectContaining({ state: 'updating' }),
        }),
      );
      expect(
        (
          await report(id, {
            type: 'log',
            message: 'deployment/ai-engine configured',
          })
        ).status,
      ).toBe(200);
      const applied = await report(id, { type: 'applied', message: 'Done' });
      expect(applied.body).toMatchObject({
        status: 'applied',
        appliedSpecVersion: 2,
      });

      const after = await tenant('acme');
      expect(after).toMatchObject({ state: 'ready', specVersion: 2 });
      expect(after.spec.infrastructure.resourceTier).toBe('large');
      expect(after.spec.modules.bi).toBe(false);
      const list = await api()
        .get('/api/tenants/v1/tenants?resourceTier=large')
        .set(as(PLATFORM_ADMIN));
      expect(list.body.items.map((t: any) => t.slug)).toEqual(['acme']);

      const versions = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/spec-versions`)
        .set(as(TENANT_ADMIN));
      expect(
        versions.body.items.map((v: any) => [
          v.version,
          v.spec.infrastructure.resourceTier,
          v.changeRequestId,
        ]),
      ).toEqual([
        [2, 'large', id],
        [1, 'medium', undefined],
      ]);

      expect(notifications.send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: TENANT_ADMIN },
        payload: expect.objectContaining({
          title:
            'Change applied to tenant Tenant acme: resource tier medium → large, disable BI Platform',
          description: 'The tenant runs with spec version 2.',
        }),
      });
      expect(signals.publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: 'tenants:all',
          message: expect.objectContaining({
            tenantId: tenants.acme,
            state: 'ready',
          }),
        }),
      );

      const detail = await api()
        .get(`/api/tenants/v1/change-requests/${id}`)
        .set(as(TENANT_ADMIN));
      expect(detail.body.logs.map((l: any) => l.message)).toEqual([
        expect.stringMatching(/^Filed by/),
        `Approved by ${PLATFORM_ADMIN}`,
        `Scaffolder task task-1 started on behalf of ${PLATFORM_ADMIN}`,
        'Applying started (attempt 1, scaffolder task task-1)',
        'deployment/ai-engine configured',
        'Done',
      ]);
      expect(detail.body.fromSpec.infrastructure.resourceTier).toBe('medium');
      expect(detail.body.targetSpec.infrastructure.resourceTier).toBe('large');

      const status = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/status`)
        .set(as(PLATFORM_ADMIN));
      expect(status.body.logs.slice(-2)).toEqual([
        expect.stringContaining(
          `Change request ${id} (resource tier medium → large, disable BI Platform): applying`,
        ),
        expect.stringContaining(
          `Change request ${id} (resource tier medium → large, disable BI Platform): applied`,
        ),
      ]);

      const audit = await api()
        .get(`/api/tenants/v1/tenants/${tenants.acme}/audit?limit=10`)
        .set(as(PLATFORM_ADMIN));
      expect(
        audit.body.items.map((e: any) => `${e.action} ${e.outcome}`),
      ).toEqual([
        'tenant.change-request.applied success',
        'tenant.change-request.started success',
        'tenant.change-request.applied failure',
        'tenant.change-request.task success',
        'tenant.change-request.approve success',
        'tenant.change-request.create success',
        expect.stringMatching(/^tenant\.phase\./),
        expect.stringMatching(/^tenant\.phase\./),
        expect.stringMatching(/^tenant\.phase\./),
        expect.stringMatching(/^tenant\.phase\./),
      ]);
      expect(audit.body.items[0].details).toMatchObject({
        changeRequestId: id,
        specVersion: 2,
        status: 'applied',
      });
    });

    it('fails, leaving the tenant failed, and retries the same task', async () => {
      const filed = await file('acme', toLarge);
      const id = filed.body.id;
      await decide_(id, 'approve');
      await report(id, { type: 'started', taskId: 'task-1' });
      notifications.send.mockClear();
      const failed = await report(id, {
        type: 'failed',
        message: 'Workload failed: statefulset/kafka',
      });
      expect(failed.body).toMatchObject({
        status: 'failed',
        errorMessage: 'Workload failed: statefulset/kafka',
      });
      expect((await tenant('acme')).state).toBe('failed');
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: TENANT_ADMIN },
        payload: expect.objectContaining({
          severity: 'high',
          description:
            'Workload failed: statefulset/kafka. A platform admin can retry it.',
        }),
      });
      // Open: another request for the same field is refused, a new one cannot be filed on a failed tenant.
      expect(
        (
          await file('acme', {
            changes: { modules: { ml: true } },
            reason: 'x',
          })
        ).status,
      ).toBe(409);

      expect((await decide_(id, 'retry', {}, TENANT_ADMIN)).status).toBe(403);
      const retried = await decide_(id, 'retry', {}, OTHER_PLATFORM_ADMIN);
      expect(retried.status).toBe(200);
      expect(retried.body.status).toBe('approved');
      expect(scaffolder.retried).toEqual([
        { taskId: 'task-1', onBehalfOf: OTHER_PLATFORM_ADMIN },
      ]);
      const restarted = await report(id, { type: 'started', taskId: 'task-1' });
      expect(restarted.body).toMatchObject({ status: 'applying', attempts: 2 });
      expect((await tenant('acme')).state).toBe('updating');
      await report(id, { type: 'applied' });
      expect(await tenant('acme')).toMatchObject({
        state: 'ready',
        specVersion: 2,
      });
      expect((await decide_(id, 'retry')).status).toBe(409);
    });

    it('refuses filing and approving while the tenant is not ready', async () => {
      const filed = await file('bravo', toLarge, PLATFORM_ADMIN);
      await api()
        .post(`/api/tenants/v1/tenants/${tenants.bravo}/rollback`)
        .set(as(PLATFORM_ADMIN));
      const approve = await decide_(
        filed.body.id,
        'approve',
        {},
        OTHER_PLATFORM_ADMIN,
      );
      expect(approve.status).toBe(409);
      expect(approve.body.error.message).toMatch(
        /^The tenant is (rolling back|rolled back|failed); change requests can be approved once it is ready$/,
      );
    });
  });
});
