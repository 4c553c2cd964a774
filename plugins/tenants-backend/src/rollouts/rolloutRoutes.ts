import Router from 'express-promise-router';
import { tenantRolloutPermission } from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantAccess } from '../permissions/TenantAccess';
import type { RolloutService } from './RolloutService';
import type { RolloutTenantRecovery } from './RolloutTenantRecovery';

/**
 * Platform versions and rollouts. Every signed-in user may read the
 * declared versions (the Tenants page shows who is behind); everything
 * about rollouts needs `tenant.rollout` (platform admins).
 */
export function rolloutRoutes(options: {
  rollouts: RolloutService;
  recovery: RolloutTenantRecovery;
  access: TenantAccess;
}) {
  const { rollouts, recovery, access } = options;
  const router = Router();

  const authorized = async (
    req: Parameters<TenantAccess['credentials']>[0],
  ) => {
    const credentials = await access.credentials(req);
    await access.authorize(credentials, tenantRolloutPermission);
    return { credentials, actor: access.actorOf(credentials) };
  };

  router.get('/v1/platform-versions', async (req, res) => {
    await access.credentials(req);
    res.json(await rollouts.platformVersions());
  });

  router.get('/v1/rollouts', async (req, res) => {
    await authorized(req);
    res.json(await rollouts.list(req.query));
  });

  router.post('/v1/rollouts', async (req, res) => {
    const { actor } = await authorized(req);
    res.status(201).json(await rollouts.start(actor, req.body));
  });

  router.get('/v1/rollouts/:id', async (req, res) => {
    await authorized(req);
    res.json(await rollouts.get(req.params.id));
  });

  for (const verb of ['pause', 'resume', 'cancel'] as const) {
    router.post(`/v1/rollouts/:id/${verb}`, async (req, res) => {
      const { actor } = await authorized(req);
      res.json(await rollouts[verb](actor, req.params.id));
    });
  }

  router.post('/v1/rollouts/:id/tenants/:tenantId/retry', async (req, res) => {
    const { actor, credentials } = await authorized(req);
    res.json(
      await recovery.retryTenant(
        actor,
        req.params.id,
        req.params.tenantId,
        credentials,
      ),
    );
  });

  router.post('/v1/rollouts/:id/tenants/:tenantId/revert', async (req, res) => {
    const { actor, credentials } = await authorized(req);
    res.json(
      await recovery.revertTenant(
        actor,
        req.params.id,
        req.params.tenantId,
        credentials,
      ),
    );
  });

  return router;
}
