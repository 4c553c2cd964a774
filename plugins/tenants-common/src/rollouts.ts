import { z } from 'zod';
import { limitSchema, offsetSchema } from './paging';
import { platformVersionSchema } from './changeRequests';
import { hasNoNul } from './text';

/*
 * Rollouts: a platform admin upgrades tenants to a platform version (images
 * and render defaults declared in config) in waves. Each tenant is upgraded
 * by a change request with `platformVersion`, applied by the `tenant-change`
 * scaffolder task; a single runner (Backstage's scheduler, one replica at a
 * time) starts the waves and follows the tasks.
 */

/** A platform version that config declares. @public */
export interface PlatformVersionSummary {
  version: string;
  /** Full image reference of every image a tenant runs with this version. */
  images: Record<string, string>;
  /** Whether this is the version in force (new tenants get it). */
  current: boolean;
}

/** Response of `GET /v1/platform-versions`. @public */
export interface PlatformVersionsResponse {
  /** The version in force. */
  current: string;
  /** Every declared version, oldest first. */
  versions: PlatformVersionSummary[];
  /** How many tenants run an older version than the one in force. */
  tenantsBehind: number;
}

/**
 * Lifecycle of a rollout: `running` → `completed`; `running` ⇄ `paused`
 * (by an admin); `running` → `stopped` when the failures reach
 * `maxFailures` (resume after retrying or reverting them); any unfinished
 * rollout → `cancelled` (tenants not started yet are skipped, upgrades
 * already started finish).
 *
 * @public
 */
export const ROLLOUT_STATES = [
  'running',
  'paused',
  'stopped',
  'cancelled',
  'completed',
] as const;
/** @public */
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/**
 * One tenant in a rollout: `pending` until its wave starts, `upgrading`
 * while its change request is applied, then `upgraded` or `failed`; a
 * failed tenant is retried (`upgrading` again) or returned to its previous
 * version (`reverting` → `reverted`); tenants a cancelled rollout never
 * started are `skipped`.
 *
 * @public
 */
export const ROLLOUT_TENANT_STATES = [
  'pending',
  'upgrading',
  'upgraded',
  'failed',
  'reverting',
  'reverted',
  'skipped',
] as const;
/** @public */
export type RolloutTenantState = (typeof ROLLOUT_TENANT_STATES)[number];

/** Most tenants one rollout may name. @public */
export const ROLLOUT_MAX_TENANTS = 5000;

const whole = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** Body of `POST /v1/rollouts`. @public */
export const startRolloutSchema = z
  .object({
    /** The version to upgrade to; the version in force when left out. */
    targetVersion: platformVersionSchema.optional(),
    /** The tenants to upgrade, in this order; every tenant behind the target when left out. */
    tenantIds: z
      .array(z.uuid({ error: 'Each tenant id must be a UUID' }), {
        error: 'tenantIds must be a list of tenant ids',
      })
      .min(1, 'tenantIds must name at least one tenant (leave it out for all)')
      .max(
        ROLLOUT_MAX_TENANTS,
        `tenantIds must name at most ${ROLLOUT_MAX_TENANTS} tenants`,
      )
      .refine(ids => new Set(ids).size === ids.length, {
        error: 'tenantIds must not name a tenant twice',
      })
      .optional(),
    /** Tenants upgraded at the same time. */
    waveSize: whole('waveSize', 1, 500).default(5),
    /** Seconds between the end of a wave and the start of the next. */
    pauseSeconds: whole('pauseSeconds', 0, 7 * 24 * 3600).default(60),
    /** The rollout stops when this many tenants have failed. */
    maxFailures: whole('maxFailures', 1, ROLLOUT_MAX_TENANTS).default(1),
    reason: z
      .string()
      .trim()
      .min(1, 'Reason must not be empty (leave it out for the default)')
      .max(2000, 'Reason must be at most 2000 characters')
      .refine(hasNoNul, 'Reason must not contain NUL characters')
      .optional(),
  })
  .strict();
/** @public */
export type StartRollout = z.input<typeof startRolloutSchema>;

/** @public */
export const rolloutIdSchema = z.uuid({ error: 'Rollout id must be a UUID' });

/** Query of `GET /v1/rollouts`. @public */
export const listRolloutsQuerySchema = z
  .object({
    state: z
      .enum(ROLLOUT_STATES, {
        error: `state must be one of ${ROLLOUT_STATES.join(', ')}`,
      })
      .optional(),
    limit: limitSchema,
    offset: offsetSchema,
  })
  .strict();
/** @public */
export type ListRolloutsQuery = z.infer<typeof listRolloutsQuerySchema>;

/** How many of a rollout's tenants are in each state. @public */
export type RolloutCounts = Record<RolloutTenantState, number>;

/** A rollout as `GET /v1/rollouts` lists it. @public */
export interface Rollout {
  id: string;
  targetVersion: string;
  state: RolloutState;
  reason: string;
  waveSize: number;
  pauseSeconds: number;
  maxFailures: number;
  /** Waves in all (the last may be smaller than `waveSize`). */
  waves: number;
  /** The wave running or next to run (0-based); `waves` once all ran. */
  currentWave: number;
  /** When the next wave starts, while the rollout pauses between waves. */
  nextWaveAt?: string;
  /** Why the rollout stopped or was cancelled. */
  stateReason?: string;
  counts: RolloutCounts;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** One tenant of a rollout. @public */
export interface RolloutTenant {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  /** 0-based. */
  wave: number;
  state: RolloutTenantState;
  /** The version the tenant ran when the rollout started. */
  fromVersion: string;
  /** The change request upgrading (or, while reverting, repairing) it. */
  changeRequestId?: string;
  /** The scaffolder task of that change request, for its log. */
  scaffolderTaskId?: string;
  errorMessage?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** `GET /v1/rollouts/:id`: the rollout and its tenants, wave by wave. @public */
export interface RolloutDetail extends Rollout {
  tenants: RolloutTenant[];
}

/** Signal channel of rollout updates (platform admins). @public */
export const ROLLOUTS_SIGNAL_CHANNEL = 'tenant-rollouts';

/** Published whenever a rollout or one of its tenants changes state. @public */
export type RolloutSignal = { rolloutId: string; state: RolloutState };
