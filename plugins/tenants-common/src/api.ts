import { z } from 'zod';
import { limitSchema, offsetSchema } from './paging';
import { TENANT_DRIFT_STATES } from './drift';
import { PROVISIONING_PHASES } from './phases';
import {
  BILLING_TIERS,
  CLOUD_PROVIDERS,
  RESOURCE_TIERS,
  tenantSpecSchema,
} from './spec';
import { TENANT_STATES } from './status';
import { hasNoNul, IDENTIFIER_PATTERN } from './text';

/**
 * A cluster name or scaffolder task id in a request: never empty, never a
 * path (see IDENTIFIER_PATTERN).
 *
 * @public
 */
export function identifierSchema(label: string, max: number) {
  return z
    .string()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine(
      value => value === '' || IDENTIFIER_PATTERN.test(value),
      `${label} must be letters, digits, '.', '_' and '-', starting and ending with a letter or digit`,
    );
}

/** Log levels of run log lines. @public */
export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
/** @public */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Outcome of an audited action. @public */
export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
/** @public */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const phaseIds = PROVISIONING_PHASES.map(p => p.id) as [
  (typeof PROVISIONING_PHASES)[number]['id'],
  ...(typeof PROVISIONING_PHASES)[number]['id'][],
];

/** @public */
export const phaseIdSchema = z.enum(phaseIds, {
  error: `Phase id must be one of ${phaseIds.join(', ')}`,
});

/** @public */
export const tenantIdSchema = z.uuid({ error: 'Tenant id must be a UUID' });

/** Body of `POST /v1/tenants`. @public */
export const registerTenantRequestSchema = z
  .object({
    spec: tenantSpecSchema,
    cluster: identifierSchema('Cluster', 128).optional(),
    taskId: identifierSchema('Task id', 255).optional(),
  })
  .strict();
/** @public */
export type RegisterTenantRequest = z.input<typeof registerTenantRequestSchema>;

/** Event types a provisioning phase reports. @public */
export const PHASE_EVENT_TYPES = [
  'started',
  'log',
  'completed',
  'failed',
] as const;

/** Body of `POST /v1/tenants/:id/phases/:phaseId/events`. @public */
export const phaseEventRequestSchema = z
  .object({
    type: z.enum(PHASE_EVENT_TYPES),
    message: z
      .string()
      .min(1, 'Message must not be empty')
      .max(10_000, 'Message must be at most 10000 characters')
      .refine(hasNoNul, 'Message must not contain NUL characters')
      .optional(),
    level: z.enum(LOG_LEVELS).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (
      (event.type === 'log' || event.type === 'failed') &&
      event.message === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['message'],
        message: `Message is required for '${event.type}' events`,
      });
    }
  });
/** @public */
export type PhaseEventRequest = z.infer<typeof phaseEventRequestSchema>;

/**
 * Body of `POST /v1/tenants/:id/retry`. Without `taskId` the failed
 * scaffolder task is retried (its completed phases are skipped by their
 * checkpoints); `secrets` are handed to it again because the scaffolder does
 * not keep them. With `taskId` the caller has started a new task itself.
 *
 * @public
 */
export const retryRequestSchema = z
  .object({
    taskId: identifierSchema('Task id', 255).optional(),
    secrets: z
      .record(
        z.string().max(128, 'Secret names must be at most 128 characters'),
        z.string().max(4096, 'Secret values must be at most 4096 characters'),
      )
      .optional(),
  })
  .strict();

/**
 * Body of `POST /v1/tenants/:id/rollback`. A rollback while a provisioning
 * run is active is refused unless `cancel` is set: then the run's scaffolder
 * task is cancelled first.
 *
 * @public
 */
export const rollbackRequestSchema = z
  .object({
    cancel: z.boolean().optional(),
  })
  .strict();

/** Sort keys of `GET /v1/tenants`. @public */
export const TENANT_ORDER_BY = [
  'name',
  'createdAt',
  'updatedAt',
  'state',
] as const;

/** Query of `GET /v1/tenants`. @public */
export const listTenantsQuerySchema = z
  .object({
    state: z.enum(TENANT_STATES).optional(),
    billingTier: z.enum(BILLING_TIERS).optional(),
    resourceTier: z.enum(RESOURCE_TIERS).optional(),
    provider: z.enum(CLOUD_PROVIDERS).optional(),
    cluster: identifierSchema('cluster', 128).optional(),
    drift: z
      .enum(TENANT_DRIFT_STATES, {
        error: `drift must be one of ${TENANT_DRIFT_STATES.join(', ')}`,
      })
      .optional(),
    /** `true`: only tenants on an older platform version than the one in force; `false`: only those on it. */
    behind: z
      .enum(['true', 'false'], { error: 'behind must be true or false' })
      .transform(value => value === 'true')
      .optional(),
    search: z
      .string()
      .max(100, 'search must be at most 100 characters')
      .refine(hasNoNul, 'search must not contain NUL characters')
      .optional(),
    limit: limitSchema,
    offset: offsetSchema,
    orderBy: z.enum(TENANT_ORDER_BY).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
/** @public */
export type ListTenantsQuery = z.infer<typeof listTenantsQuerySchema>;

/** Query of `GET /v1/tenants/:id/audit`. @public */
export const listAuditQuerySchema = z
  .object({ limit: limitSchema, offset: offsetSchema })
  .strict();

/** @public */
export type ResourceTier = (typeof RESOURCE_TIERS)[number];
