import Router from 'express-promise-router';
import { ConflictError } from '@backstage/errors';
import { tenantReadPermission } from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDriftChecker } from '../../drift/TenantDriftChecker';
import type { TenantAccess } from '../../permissions/TenantAccess';
import type { TenantService } from '../TenantService';

/**
 * A tenant's drift, checked on demand ("Check now"): its objects on its
 * cluster against what its phases apply for its current spec, kept as its
 * last check. For whoever may read the tenant.
 */
export function driftRoutes(options: {
  service: TenantService;
  access: TenantAccess;
  drift: TenantDriftChecker;
}) {
  const { service, access, drift } = options;
  const router = Router();

  router.get('/v1/tenants/:id/drift', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    const { cluster } = tenant;
    if (!cluster) {
      throw new ConflictError(
        `Tenant ${tenant.slug} has no cluster yet; its drift can be checked once it is registered on one`,
      );
    }
    res.json(await drift.check({ ...tenant, cluster }));
  });

  return router;
}
