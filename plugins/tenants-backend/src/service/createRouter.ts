import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { slugSchema } from '@internal/backstage-plugin-tenants-common';
import { TenantStore } from '../database/TenantStore';
import { TenantService } from './TenantService';
import { phaseRoutes } from './routes/phaseRoutes';
import { tenantRoutes } from './routes/tenantRoutes';

export interface RouterOptions {
  store: TenantStore;
  service: TenantService;
  httpAuth: HttpAuthService;
  auth: AuthService;
}

export async function createRouter({
  store,
  service,
  httpAuth,
  auth,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/slugs/:slug/availability', async (req, res) => {
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

  router.use(tenantRoutes({ service, httpAuth, auth }));
  router.use(phaseRoutes({ service, httpAuth, auth }));

  return router;
}
