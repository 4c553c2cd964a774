import Router from 'express-promise-router';
import {
  tenantCreatePermission,
  tenantManagePermission,
  tenantReadPermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantAccess } from '../../permissions/TenantAccess';
import type { TenantRollbacks } from '../../rollback/TenantRollbacks';
import type { RunRetry } from '../RunRetry';
import type { TenantService } from '../TenantService';

/** Registration, listing, reading, status, audit trail, retry and rollback of tenants. */
export function tenantRoutes(options: {
  service: TenantService;
  retries: RunRetry;
  rollbacks: Pick<TenantRollbacks, 'request'>;
  access: TenantAccess;
}) {
  const { service, retries, rollbacks, access } = options;
  const router = Router();

  router.post('/v1/tenants', async (req, res) => {
    const credentials = await access.credentials(req);
    await access.authorize(credentials, tenantCreatePermission, {
      allowServices: true,
    });
    const result = await service.register(
      access.actorOf(credentials),
      req.body,
    );
    res.status(201).json(result);
  });

  router.get('/v1/tenants', async (req, res) => {
    const credentials = await access.credentials(req);
    res.json(
      await service.list(req.query, await access.readFilter(credentials)),
    );
  });

  router.get('/v1/tenants/:id', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    res.json(await service.get(tenant.id, tenant));
  });

  router.get('/v1/tenants/:id/status', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    res.json(await service.status(tenant.id, tenant));
  });

  router.get('/v1/tenants/:id/audit', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    res.json(await service.audit(tenant.id, req.query));
  });

  router.post('/v1/tenants/:id/retry', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantManagePermission);
    const result = await retries.retry(
      access.actorOf(credentials),
      tenant.id,
      req.body,
      credentials,
    );
    res.status(201).json(result);
  });

  router.post('/v1/tenants/:id/rollback', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantManagePermission);
    const result = await rollbacks.request(
      access.actorOf(credentials),
      tenant.id,
      req.body,
      credentials,
    );
    res.status(202).json(result);
  });

  return router;
}
