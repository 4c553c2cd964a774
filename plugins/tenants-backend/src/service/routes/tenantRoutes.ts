import Router from 'express-promise-router';
import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { TenantService } from '../TenantService';
import { resolveActor } from '../actor';

/** Registration, listing, reading, status, audit trail and retry of tenants. */
export function tenantRoutes(options: {
  service: TenantService;
  httpAuth: HttpAuthService;
  auth: AuthService;
}) {
  const { service, httpAuth, auth } = options;
  const router = Router();

  router.post('/v1/tenants', async (req, res) => {
    const actor = await resolveActor(req, httpAuth, auth);
    const result = await service.register(actor, req.body);
    res.status(201).json(result);
  });

  router.get('/v1/tenants', async (req, res) => {
    res.json(await service.list(req.query));
  });

  router.get('/v1/tenants/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });

  router.get('/v1/tenants/:id/status', async (req, res) => {
    res.json(await service.status(req.params.id));
  });

  router.get('/v1/tenants/:id/audit', async (req, res) => {
    res.json(await service.audit(req.params.id, req.query));
  });

  router.post('/v1/tenants/:id/retry', async (req, res) => {
    const actor = await resolveActor(req, httpAuth, auth);
    const result = await service.retry(actor, req.params.id, req.body);
    res.status(201).json(result);
  });

  return router;
}
