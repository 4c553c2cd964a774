import Router from 'express-promise-router';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  tenantChangeRequestApprovePermission,
  tenantChangeRequestCreatePermission,
  tenantManagePermission,
  tenantReadPermission,
  tenantRepairPermission,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantAccess } from '../permissions/TenantAccess';
import type { ChangePreviews } from './ChangePreviews';
import type { ChangeRequestDecisions } from './ChangeRequestDecisions';
import type { ChangeRequestService } from './ChangeRequestService';
import type { ChangeRequestRecord } from './ChangeRequestStore';
import type { TenantRepairs } from './TenantRepairs';

/**
 * Change requests: tenant admins file them (`tenant.change-request.create`
 * on the tenant), platform admins approve, reject, retry and revert them
 * (`tenant.change-request.approve`), and everyone who may read a tenant
 * (`tenant.read`) may read its requests. Platform admins repair a drifted
 * tenant at once (`tenant.repair` on the tenant). Whoever may file a
 * request may preview it; whoever may read a request may preview it too. The
 * apply action reports with service credentials.
 */
export function changeRequestRoutes(options: {
  /** Validates a tenant id (400) and loads the tenant (404), for authorization. */
  tenants: { tenantForAccess(rawId: unknown): Promise<Tenant> };
  changeRequests: ChangeRequestService;
  decisions: ChangeRequestDecisions;
  repairs: TenantRepairs;
  previews: ChangePreviews;
  access: TenantAccess;
}) {
  const { tenants, changeRequests, decisions, repairs, previews, access } =
    options;
  const router = Router();

  /**
   * Loads a request (400, 404) and requires `tenant.read` on its tenant; a
   * request of a tenant the caller may not read is reported as unknown.
   */
  const readable = async (
    credentials: BackstageCredentials,
    rawId: unknown,
    permission?: typeof tenantManagePermission,
    allowServices?: boolean,
  ): Promise<ChangeRequestRecord> => {
    const request = await changeRequests.requestForAccess(rawId);
    const tenant = await tenants.tenantForAccess(request.tenantId);
    try {
      await access.authorizeTenant(credentials, tenant, permission, {
        allowServices,
      });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(`No change request with id '${request.id}'`);
      }
      throw error;
    }
    return request;
  };

  router.get('/v1/tenants/:id/change-requests', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await tenants.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    res.json(await changeRequests.listForTenant(tenant.id, req.query));
  });

  router.post('/v1/tenants/:id/change-requests', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await tenants.tenantForAccess(req.params.id);
    await access.authorizeTenant(
      credentials,
      tenant,
      tenantChangeRequestCreatePermission,
    );
    res
      .status(201)
      .json(
        await changeRequests.create(
          access.actorOf(credentials),
          tenant.id,
          req.body,
        ),
      );
  });

  router.post('/v1/tenants/:id/change-requests/preview', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await tenants.tenantForAccess(req.params.id);
    await access.authorizeTenant(
      credentials,
      tenant,
      tenantChangeRequestCreatePermission,
    );
    res.json(await previews.ofBody(tenant, req.body));
  });

  router.post('/v1/tenants/:id/repair', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await tenants.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantRepairPermission);
    res
      .status(201)
      .json(
        await repairs.start(
          access.actorOf(credentials),
          tenant.id,
          req.body,
          credentials,
        ),
      );
  });

  router.get('/v1/tenants/:id/spec-versions', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await tenants.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    res.json({ items: await changeRequests.specVersions(tenant.id) });
  });

  router.get('/v1/change-requests', async (req, res) => {
    const credentials = await access.credentials(req);
    res.json(
      await changeRequests.list(
        req.query,
        await access.readFilter(credentials),
      ),
    );
  });

  router.get('/v1/change-requests/:id', async (req, res) => {
    const credentials = await access.credentials(req);
    const request = await readable(credentials, req.params.id, undefined, true);
    res.json(await changeRequests.detail(request.id));
  });

  router.get('/v1/change-requests/:id/preview', async (req, res) => {
    const credentials = await access.credentials(req);
    const request = await readable(credentials, req.params.id);
    const tenant = await tenants.tenantForAccess(request.tenantId);
    res.json(await previews.of(tenant, request.changes));
  });

  const decision =
    (
      act: (
        actor: string,
        id: string,
        body: unknown,
        credentials: BackstageCredentials,
      ) => Promise<unknown>,
    ) =>
    async (req: any, res: any) => {
      const credentials = await access.credentials(req);
      const request = await readable(credentials, req.params.id);
      await access.authorize(credentials, tenantChangeRequestApprovePermission);
      res.json(
        await act(
          access.actorOf(credentials),
          request.id,
          req.body,
          credentials,
        ),
      );
    };

  router.post(
    '/v1/change-requests/:id/approve',
    decision((actor, id, body, credentials) =>
      decisions.approve(actor, id, body, credentials),
    ),
  );
  router.post(
    '/v1/change-requests/:id/reject',
    decision((actor, id, body) => decisions.reject(actor, id, body)),
  );
  router.post(
    '/v1/change-requests/:id/retry',
    decision((actor, id, _body, credentials) =>
      decisions.retry(actor, id, credentials),
    ),
  );
  router.post(
    '/v1/change-requests/:id/revert',
    decision((actor, id, body, credentials) =>
      decisions.revert(actor, id, body, credentials),
    ),
  );

  router.post('/v1/change-requests/:id/events', async (req, res) => {
    const credentials = await access.credentials(req);
    const request = await readable(
      credentials,
      req.params.id,
      tenantManagePermission,
      true,
    );
    res.json(
      await changeRequests.reportEvent(
        access.actorOf(credentials),
        request.id,
        req.body,
      ),
    );
  });

  return router;
}
