import Router from 'express-promise-router';
import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { TenantService } from '../TenantService';
import { resolveActor } from '../actor';

/** Phase reports of the scaffolder actions. */
export function phaseRoutes(options: {
  service: TenantService;
  httpAuth: HttpAuthService;
  auth: AuthService;
}) {
  const { service, httpAuth, auth } = options;
  const router = Router();

  router.post('/v1/tenants/:id/phases/:phaseId/events', async (req, res) => {
    const actor = await resolveActor(req, httpAuth, auth);
    const result = await service.reportPhaseEvent(
      actor,
      req.params.id,
      req.params.phaseId,
      req.body,
    );
    res.json(result);
  });

  return router;
}
