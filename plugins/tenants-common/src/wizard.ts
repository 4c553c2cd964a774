import { z } from 'zod';
import { identifierSchema } from './api';
import { PROVISIONING_PHASES } from './phases';
import type { BillingPolicy } from './policy';
import { CLOUD_PROVIDERS, dataSourceSchema, tenantSpecSchema } from './spec';

/*
 * Requests and responses of the routes behind the provisioning wizard:
 * placement (step 2), data source connection tests (step 3), the billing
 * policy (steps 2 and 4) and the dry-run preview of the Review step.
 */

/** Query of `GET /v1/placement`. @public */
export const placementQuerySchema = z
  .object({
    provider: z.enum(CLOUD_PROVIDERS, {
      error: `provider must be one of ${CLOUD_PROVIDERS.join(', ')}`,
    }),
  })
  .strict();
/** @public */
export type PlacementQuery = z.infer<typeof placementQuerySchema>;

/** How "Nearest" picked its cluster. @public */
export const NEAREST_BASES = ['preferred', 'round-trip'] as const;

/** Body of `GET /v1/placement`. @public */
export const placementResponseSchema = z.object({
  provider: z.enum(CLOUD_PROVIDERS),
  /** The provider's regions that have a configured cluster, with the clusters serving each. */
  regions: z.array(
    z.object({ region: z.string(), clusters: z.array(z.string()) }),
  ),
  /**
   * What "Nearest" resolves to: the configured preferred cluster, else the
   * reachable cluster with the lowest measured API round trip. Null when the
   * provider has no cluster, or none of its clusters answered.
   */
  nearest: z
    .object({
      region: z.string(),
      cluster: z.string(),
      basis: z.enum(NEAREST_BASES),
      roundTripMs: z.number().optional(),
    })
    .nullable(),
  /**
   * Whether each of the provider's clusters answered a round-trip probe:
   * a region whose clusters all fail to answer cannot be provisioned in now.
   */
  clusters: z
    .array(
      z.object({
        cluster: z.string(),
        reachable: z.boolean(),
        roundTripMs: z.number().optional(),
      }),
    )
    .optional(),
});
/** @public */
export type PlacementResponse = z.infer<typeof placementResponseSchema>;

/**
 * Body of `POST /v1/data-sources/test`: one data source of the spec plus the
 * password to try (never stored, logged or echoed).
 *
 * @public
 */
export const dataSourceTestRequestSchema = dataSourceSchema.extend({
  password: z
    .string()
    .max(1024, 'Password must be at most 1024 characters')
    .optional(),
});
/** @public */
export type DataSourceTestRequest = z.input<typeof dataSourceTestRequestSchema>;

/**
 * Body of a data source test's 200 answer. `ok: false` carries the driver's
 * error in plain words, e.g. `Connection refused by db.example.com:5432`.
 *
 * @public
 */
export const dataSourceTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    message: z.string(),
    latencyMs: z.number(),
    serverVersion: z.string().optional(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
/** @public */
export type DataSourceTestResult = z.infer<typeof dataSourceTestResultSchema>;

/** Body of `POST /v1/tenants/dry-run`. @public */
export const dryRunRequestSchema = z
  .object({
    spec: tenantSpecSchema,
    cluster: identifierSchema('Cluster', 128).optional(),
  })
  .strict();
/** @public */
export type DryRunRequest = z.input<typeof dryRunRequestSchema>;

const phaseIds = PROVISIONING_PHASES.map(p => p.id) as [
  (typeof PROVISIONING_PHASES)[number]['id'],
  ...(typeof PROVISIONING_PHASES)[number]['id'][],
];

/** What a server-side dry run says applying an object would do. @public */
export const DRY_RUN_OUTCOMES = ['created', 'configured', 'unchanged'] as const;

/** Body of the dry run's 200 answer: per phase, the objects it would apply and any error. @public */
export const dryRunResponseSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  phases: z.array(
    z.object({
      phaseId: z.enum(phaseIds),
      name: z.string(),
      objects: z.array(
        z.object({
          apiVersion: z.string(),
          kind: z.string(),
          name: z.string(),
          namespace: z.string().optional(),
          outcome: z.enum(DRY_RUN_OUTCOMES),
        }),
      ),
      error: z.string().optional(),
    }),
  ),
});
/** @public */
export type DryRunResponse = z.infer<typeof dryRunResponseSchema>;
/** @public */
export type DryRunPhase = DryRunResponse['phases'][number];
/** @public */
export type DryRunObject = DryRunPhase['objects'][number];

/** Body of `GET /v1/policy`: the billing-tier policy. @public */
export type PolicyResponse = BillingPolicy;
