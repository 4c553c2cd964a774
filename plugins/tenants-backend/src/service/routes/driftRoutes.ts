import Router from 'express-promise-router';
import { z } from 'zod';
import { ConflictError } from '@backstage/errors';
import {
  tenantReadPermission,
  type TenantLastDriftCheck,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { DriftStore } from '../../database/DriftStore';
import type { TenantDriftChecker } from '../../drift/TenantDriftChecker';
import type { TenantAccess } from '../../permissions/TenantAccess';
import { parseRequest } from '../../validation/parseRequest';
import type { TenantService } from '../TenantService';

/** A check takes no options; unknown fields are refused like everywhere else. */
const checkRequestSchema = z.object({}).strict();

/**
 * A tenant's drift, for whoever may read the tenant: its last check as kept
 * (scheduled or on demand), read without contacting the cluster, and a check
 * now ("Check now") of its objects on its cluster against what its phases
 * apply for its current spec, kept as its last check.
 */
export function driftRoutes(options: {
  service: TenantService;
  access: TenantAccess;
  drift: TenantDriftChecker;
  drifts: DriftStore;
}) {
  const { service, access, drift, drifts } = options;
  const router = Router();

  router.get('/v1/tenants/:id/drift', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    const last: TenantLastDriftCheck = (await drifts.get(tenant.id)) ?? {
      tenantId: tenant.id,
      state: 'unchecked',
    };
    res.json(last);
  });

  router.post('/v1/tenants/:id/drift/check', async (req, res) => {
    const credentials = await access.credentials(req);
    const tenant = await service.tenantForAccess(req.params.id);
    await access.authorizeTenant(credentials, tenant, tenantReadPermission);
    parseRequest(checkRequestSchema, req.body ?? {}, 'request body');
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
