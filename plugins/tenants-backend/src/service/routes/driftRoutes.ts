import Router from 'express-promise-router';
import type { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  tenantReadPermission,
  type TenantDriftReport,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  detectDrift,
  renderContextFromConfig,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantAccess } from '../../permissions/TenantAccess';
import type { TenantService } from '../TenantService';

/**
 * A tenant's drift, checked on demand: its objects on its cluster against
 * what its phases apply for its current spec. For whoever may read the tenant.
 */
export function driftRoutes(options: {
  service: TenantService;
  access: TenantAccess;
  clusters: ClusterRegistry;
  config: Config;
}) {
  const { service, access, clusters } = options;
  const renderContext = renderContextFromConfig(options.config);
  const router = Router();

  router.get('/v1/tenants/:id/drift', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    if (!tenant.cluster) {
      throw new ConflictError(
        `Tenant ${tenant.slug} has no cluster yet; its drift can be checked once it is registered on one`,
      );
    }
    const about = {
      tenantId: tenant.id,
      cluster: tenant.cluster,
      checkedAt: new Date().toISOString(),
    };
    const { requests: _requests, ...drift } = await detectDrift(
      await clusters.kubeConfig(tenant.cluster),
      tenant.spec,
      renderContext,
    );
    const report: TenantDriftReport =
      drift.state === 'unknown'
        ? {
            ...about,
            state: 'unknown',
            reason: `The cluster ${tenant.cluster} could not be read: ${drift.reason}`,
          }
        : { ...about, ...drift };
    res.json(report);
  });

  return router;
}
