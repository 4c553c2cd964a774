import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import {
  slugSchema,
  tenantCreatePermission,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { Config } from '@backstage/config';
import type { ClusterRegistry } from '@tenant-platform/backstage-plugin-tenants-node';
import type { DriftStore } from '../database/DriftStore';
import { TenantStore } from '../database/TenantStore';
import type { TenantAccess } from '../permissions/TenantAccess';
import type { TenantDriftChecker } from '../drift/TenantDriftChecker';
import type { TenantRollbacks } from '../rollback/TenantRollbacks';
import type { RunRetry } from './RunRetry';
import type { TenantService } from './TenantService';
import { phaseRoutes } from './routes/phaseRoutes';
import { driftRoutes } from './routes/driftRoutes';
import { tenantRoutes } from './routes/tenantRoutes';
import { wizardRoutes } from './routes/wizardRoutes';

export interface RouterOptions {
  store: TenantStore;
  service: TenantService;
  retries: RunRetry;
  access: TenantAccess;
  /** The clusters tenants are provisioned on (from `tenants.clusters`). */
  clusters: ClusterRegistry;
  /** Root config: billing policy, data source test timeout, dry-run render options. */
  config: Config;
  rollbacks: TenantRollbacks;
  /** Drift checks on demand, kept as each tenant's last check. */
  drift: TenantDriftChecker;
  /** Each tenant's last drift check, as read without checking again. */
  drifts: DriftStore;
}

export async function createRouter({
  store,
  service,
  retries,
  access,
  rollbacks,
  clusters,
  config,
  drift,
  drifts,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));
  router.use(requireJsonBodies);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/slugs/:slug/availability', async (req, res) => {
    const credentials = await access.credentials(req);
    await access.authorize(credentials, tenantCreatePermission, {
      allowServices: true,
    });
    const parsed = slugSchema.safeParse(req.params.slug);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const slug = parsed.data;
    const taken = await store.isSlugTaken(slug);
    res.json({
      slug,
      available: !taken,
      ...(taken
        ? { reason: `A tenant with slug '${slug}' already exists` }
        : {}),
    });
  });

  router.use(wizardRoutes({ access, clusters, config })); // before /v1/tenants/:id
  router.use(tenantRoutes({ service, retries, rollbacks, access }));
  router.use(phaseRoutes({ service, access }));
  router.use(driftRoutes({ service, access, drift, drifts }));

  return router;
}

/**
 * Refuses request bodies that are not JSON with a 415: `express.json` skips
 * them, and the routes would then see no body at all and answer with
 * confusing field errors.
 */
function requireJsonBodies(
  req: express.Request,
  _res: express.Response,
  next: express.NextFunction,
) {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    next(
      Object.assign(
        new Error(
          `Content-Type '${
            req.headers['content-type'] ?? 'none'
          }' is not supported: send JSON (application/json)`,
        ),
        { name: 'UnsupportedMediaTypeError', statusCode: 415 },
      ),
    );
    return;
  }
  next();
}
