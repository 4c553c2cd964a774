import Router from 'express-promise-router';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  dataSourceTestRequestSchema,
  dryRunRequestSchema,
  placementQuerySchema,
  tenantCreatePermission,
  type PlacementResponse,
  type TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  renderContextFromConfig,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { TenantAccess } from '../../permissions/TenantAccess';
import { FieldsInputError } from '../../validation/FieldsInputError';
import { parseRequest } from '../../validation/parseRequest';
import {
  assertBillingPolicy,
  billingPolicyFromConfig,
} from '../../policy/billingPolicy';
import { ConnectionTestPolicy } from '../../wizard/dataSources/ConnectionTestPolicy';
import {
  PerCallerRateLimit,
  TooManyRequestsError,
} from '../../wizard/dataSources/PerCallerRateLimit';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  testDataSource,
} from '../../wizard/dataSources/testDataSource';
import { DEFAULT_STAND_IN_NAMESPACE, dryRunTenant } from '../../wizard/dryRun';

const DEFAULT_CONNECTION_TESTS_PER_MINUTE = 10;

/**
 * The routes behind the provisioning wizard, for platform admins
 * (`tenant.create`): placement of step 2, data source connection tests of
 * step 3, the billing-tier policy, and the dry-run preview of the Review
 * step. None of them writes anything.
 */
export function wizardRoutes(options: {
  access: TenantAccess;
  clusters: ClusterRegistry;
  config: Config;
}) {
  const { access, clusters, config } = options;
  const billingPolicy = billingPolicyFromConfig(config);
  const connectionTimeoutMs =
    (config.getOptionalNumber('tenants.dataSources.connectionTimeoutSeconds') ??
      DEFAULT_CONNECTION_TIMEOUT_MS / 1000) * 1000;
  const connectionTestPolicy = ConnectionTestPolicy.fromConfig(config);
  const connectionTestLimit = new PerCallerRateLimit({
    limit:
      config.getOptionalNumber(
        'tenants.dataSources.connectionTests.perCallerPerMinute',
      ) ?? DEFAULT_CONNECTION_TESTS_PER_MINUTE,
    windowMs: 60_000,
    what: 'connection tests',
  });
  const renderContext = renderContextFromConfig(config);
  const standInNamespace =
    config.getOptionalString('tenants.dryRun.standInNamespace') ??
    DEFAULT_STAND_IN_NAMESPACE;

  const router = Router();

  /** The caller's credentials, once they may create tenants. */
  const authorize = async (req: Parameters<TenantAccess['credentials']>[0]) => {
    const credentials = await access.credentials(req);
    await access.authorize(credentials, tenantCreatePermission, {
      allowServices: true,
    });
    return credentials;
  };

  router.get('/v1/placement', async (req, res) => {
    await authorize(req);
    const { provider } = parseRequest(placementQuerySchema, req.query, 'query');
    const placement = await clusters.placement(provider);
    const body: PlacementResponse = {
      provider,
      regions: placement.regions,
      nearest: placement.nearest
        ? {
            region: placement.nearest.region,
            cluster: placement.nearest.cluster.name,
            basis: placement.nearest.basis,
            ...(placement.nearest.roundTripMs !== undefined
              ? { roundTripMs: Math.round(placement.nearest.roundTripMs) }
              : {}),
          }
        : null,
      clusters: placement.clusters.map(c => ({
        cluster: c.cluster,
        reachable: c.reachable,
        ...(c.roundTripMs !== undefined
          ? { roundTripMs: Math.round(c.roundTripMs) }
          : {}),
      })),
    };
    res.json(body);
  });

  router.get('/v1/policy', async (req, res) => {
    await authorize(req);
    res.json(billingPolicy);
  });

  router.post('/v1/data-sources/test', async (req, res) => {
    const credentials = await authorize(req);
    try {
      connectionTestLimit.take(access.actorOf(credentials));
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        res.set('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
    const source = parseRequest(
      dataSourceTestRequestSchema,
      req.body,
      'request body',
    );
    res.json(
      await testDataSource(source, {
        policy: connectionTestPolicy,
        timeoutMs: connectionTimeoutMs,
      }),
    );
  });

  router.post('/v1/tenants/dry-run', async (req, res) => {
    await authorize(req);
    const input = parseRequest(dryRunRequestSchema, req.body, 'request body');
    assertBillingPolicy(input.spec, billingPolicy);
    const { cluster, region } = input.cluster
      ? clusters.selectOn(
          input.cluster, // 404 for an unknown cluster
          input.spec.infrastructure.cloudProvider,
          input.spec.infrastructure.region,
        )
      : await resolveCluster(clusters, input.spec);
    // Rendered as tenant:register will register it: in the region picked.
    const spec = {
      ...input.spec,
      infrastructure: { ...input.spec.infrastructure, region },
    };
    // A cluster that is down would otherwise hold the preview until the
    // client's own timeouts; the probe answers within the placement timeout.
    await clusters.assertReachable(cluster.name, 'the dry run');
    res.json(
      await dryRunTenant(spec, {
        kubeConfig: await clusters.kubeConfig(cluster.name),
        cluster: cluster.name,
        renderContext,
        standInNamespace,
      }),
    );
  });

  return router;
}

/** Picks the cluster like `tenant:register` does; a 400 names the region field. */
async function resolveCluster(clusters: ClusterRegistry, spec: TenantSpec) {
  const { cloudProvider, region } = spec.infrastructure;
  try {
    return await clusters.resolve(cloudProvider, region);
  } catch (error) {
    if (error instanceof InputError) {
      throw new FieldsInputError(`Invalid request body: ${error.message}`, [
        {
          field: clusters.regions(cloudProvider).length
            ? 'spec.infrastructure.region'
            : 'spec.infrastructure.cloudProvider',
          message: error.message,
        },
      ]);
    }
    throw error;
  }
}
