import Router from 'express-promise-router';
import { tenantManagePermission } from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantService } from '../TenantService';
import { TenantAccess } from '../../permissions/TenantAccess';

/**
 * Phase reports of the scaffolder actions: `tenant.manage` on the tenant.
 * Service principals (the scaffolder, acting for the platform admin who was
 * authorized to run the template) are allowed.
 */
export function phaseRoutes(options: {
  service: TenantService;
  access: TenantAccess;
}) {
  const { service, access } = options;
  const router = Router();

  router.post('/v1/tenants/:id/phases/:phaseId/events', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantManagePermission, {
      allowServices: true,
    });
    const result = await service.reportPhaseEvent(
      access.actorOf(credentials),
      tenant.id,
      req.params.phaseId,
      req.body,
    );
    res.json(result);
  });

  return router;
}
