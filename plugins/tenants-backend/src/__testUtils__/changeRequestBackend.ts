import express from 'express';
import Router from 'express-promise-router';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { Knex } from 'knex';
import { tenantsPlugin } from '../plugin';
import { tenantAdminDecision } from './decisions';
import { specInputFor } from './specs';
import { registerTenant, reportPhases } from './tenantApi';
import { minimalRootConfig } from './testConfig';

/*
 * A Tenant Service backend for the change request suites: a permission
 * policy like the shipped one, a scripted scaffolder task API, recorded
 * signals and notifications, and three ready tenants (acme, bravo, starter).
 */

export const PLATFORM_ADMIN = 'user:default/platform-admin';
export const OTHER_PLATFORM_ADMIN = 'user:default/pat';
/** Admin of acme and starter. */
export const TENANT_ADMIN = 'user:default/terry';
export const STRANGER = 'user:default/sam';
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Like the backend's policy: platform admins all; tenant admins read and file for their tenants. */
function decide(
  permissionName: string,
  credentials: BackstageCredentials,
): PolicyDecision {
  const user = (credentials.principal as BackstageUserPrincipal).userEntityRef;
  if (user === PLATFORM_ADMIN || user === OTHER_PLATFORM_ADMIN) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (
    user === TENANT_ADMIN &&
    (permissionName === 'tenant.read' ||
      permissionName === 'tenant.change-request.create')
  ) {
    return tenantAdminDecision([
      TENANT_ADMIN,
      'group:default/acme-admins',
      'group:default/starter-admins',
    ]);
  }
  return { result: AuthorizeResult.DENY };
}

/** The scaffolder's task API as the Tenant Service uses it; answers are scripted per test. */
export interface ScriptedScaffolder {
  created: Array<{ body: any; onBehalfOf?: string }>;
  retried: Array<{ taskId: string; onBehalfOf?: string }>;
  refuse: undefined | { status: number; message: string };
}

function fakeScaffolderPlugin(scaffolder: ScriptedScaffolder) {
  return createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.use(express.json());
          const caller = async (req: express.Request) => {
            const credentials = await httpAuth.credentials(req);
            return (credentials.principal as BackstageUserPrincipal)
              .userEntityRef;
          };
          const refused = (res: express.Response) => {
            if (!scaffolder.refuse) return false;
            res.status(scaffolder.refuse.status).json({
              error: {
                name: 'NotAllowedError',
                message: scaffolder.refuse.message,
              },
              request: { method: 'POST', url: '/v2/tasks' },
              response: { statusCode: scaffolder.refuse.status },
            });
            return true;
          };
          router.post('/v2/tasks', async (req, res) => {
            if (refused(res)) return;
            scaffolder.created.push({
              body: req.body,
              onBehalfOf: await caller(req),
            });
            res.status(201).json({ id: `task-${scaffolder.created.length}` });
          });
          router.post('/v2/tasks/:taskId/retry', async (req, res) => {
            if (refused(res)) return;
            scaffolder.retried.push({
              taskId: req.params.taskId,
              onBehalfOf: await caller(req),
            });
            res.status(201).json({ id: req.params.taskId });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * Starts the backend on `knex` with the tenants acme, bravo and starter
 * ready; `tenants` config is added to the minimal one.
 */
export async function startChangeRequestBackend(
  knex: Knex,
  extra?: { tenants?: Record<string, unknown> },
) {
  const scaffolder: ScriptedScaffolder = {
    created: [],
    retried: [],
    refuse: undefined,
  };
  const signals = { publish: jest.fn(async (_signal: any) => {}) };
  const notifications = { send: jest.fn(async (_notification: any) => {}) };
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, options) =>
    requests.map(r => ({
      result:
        decide(r.permission.name, options.credentials).result ===
        AuthorizeResult.ALLOW
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  permissions.authorizeConditional.mockImplementation(
    async (requests, options) =>
      requests.map(r => decide(r.permission.name, options.credentials)),
  );
  const backend = await startTestBackend({
    features: [
      tenantsPlugin,
      fakeScaffolderPlugin(scaffolder),
      mockServices.database.factory({ knex }),
      minimalRootConfig(extra?.tenants),
      permissions.factory,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => signals,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
    ],
  });
  const server = backend.server;
  const tenants: Record<string, string> = {};
  const specs = {
    acme: specInputFor('acme'),
    bravo: specInputFor('bravo'),
    starter: specInputFor('starter', {
      details: { billingTier: 'starter' },
      infrastructure: { resourceTier: 'small' },
    }),
  };
  for (const [slug, spec] of Object.entries(specs)) {
    tenants[slug] = await registerTenant(server, PLATFORM_ADMIN, {
      spec,
      cluster: 'local',
    });
    await reportPhases(server, tenants[slug]);
  }
  signals.publish.mockClear();
  notifications.send.mockClear();
  return { server, tenants, scaffolder, signals, notifications };
}

/** What {@link startChangeRequestBackend} answers. */
export type ChangeRequestBackend = Awaited<
  ReturnType<typeof startChangeRequestBackend>
>;
