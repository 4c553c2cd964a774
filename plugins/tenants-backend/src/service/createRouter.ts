import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import { slugSchema } from '@internal/backstage-plugin-tenants-common';
import { TenantStore } from '../database/TenantStore';

export interface RouterOptions {
  store: TenantStore;
}

export async function createRouter({
  store,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/tenants', async (_req, res) => {
    const items = await store.listTenants();
    res.json({ items, totalCount: items.length });
  });

  router.get('/v1/slugs/:slug/availability', async (req, res) => {
    const parsed = slugSchema.safeParse(req.params.slug);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const taken = await store.isSlugTaken(parsed.data);
    res.json({
      slug: parsed.data,
      available: !taken,
      ...(taken
        ? { reason: `A tenant with slug '${parsed.data}' already exists` }
        : {}),
    });
  });

  return router;
}
