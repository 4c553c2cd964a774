import { ConflictError } from '@backstage/errors';
import {
  listRolloutsQuerySchema,
  ROLLOUT_MAX_TENANTS,
  rolloutIdSchema,
  startRolloutSchema,
  type PlatformVersionsResponse,
  type Rollout,
  type RolloutDetail,
  type RolloutState,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { PlatformVersions } from '@tenant-platform/backstage-plugin-tenants-node';
import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/AuditTrail';
import { TenantStore } from '../database/TenantStore';
import { invalidFields } from '../validation/FieldsInputError';
import { parseRequest } from '../validation/parseRequest';
import { RolloutStore } from './RolloutStore';

/** Tenant states a rollout may take a tenant in (its upgrade waits until it is ready). */
const UPGRADABLE_STATES: readonly Tenant['state'][] = [
  'ready',
  'updating',
  'failed',
];

/** How many tenants a refusal names before `…`. */
const NAMED = 5;

const named = (slugs: string[]) =>
  `${slugs.slice(0, NAMED).join(', ')}${slugs.length > NAMED ? ', …' : ''}`;

/**
 * The use cases of platform versions and rollouts (`tenant.rollout`):
 * reading the declared versions, starting a rollout, pausing, resuming and
 * cancelling it (a failed tenant's retry and revert are
 * {@link RolloutTenantRecovery}'s). Writes run with
 * their audit event (`tenant.rollout.<verb>`) in one transaction; the
 * runner is asked to move on at once afterwards.
 */
export class RolloutService {
  constructor(
    private readonly db: Knex,
    private readonly deps: {
      audit: AuditTrail;
      platformVersions: PlatformVersions;
      /** Asks the runner to run now (on whichever replica holds it). */
      wake: () => Promise<void>;
      onChange: (rollout: Rollout) => Promise<void>;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async platformVersions(): Promise<PlatformVersionsResponse> {
    const versions = this.deps.platformVersions;
    const behind = await this.tenantsBehind(this.db, versions.current, 1);
    return {
      current: versions.current,
      versions: versions.list().map(version => ({
        version,
        images: versions.images(version),
        current: version === versions.current,
      })),
      tenantsBehind: behind.totalCount,
    };
  }

  async list(query: unknown) {
    return new RolloutStore(this.db).list(
      parseRequest(listRolloutsQuerySchema, query ?? {}, 'query'),
    );
  }

  async get(rawId: unknown): Promise<RolloutDetail> {
    return new RolloutStore(this.db).detail(parseRolloutId(rawId));
  }

  /** Starts a rollout: validates the version and the tenants (400, 409) and records it `running`. */
  async start(actor: string, body: unknown): Promise<RolloutDetail> {
    const id = await this.deps.audit.audited(
      { actor, action: 'tenant.rollout.start', details: {} },
      async (tx, audit) => {
        const input = parseRequest(
          startRolloutSchema,
          body ?? {},
          'request body',
        );
        const versions = this.deps.platformVersions;
        const target = input.targetVersion ?? versions.current;
        if (!versions.has(target)) {
          throw invalidFields('request body', [
            {
              field: 'targetVersion',
              message: `Platform version '${target}' is not declared in config (declared: ${versions
                .list()
                .join(', ')})`,
            },
          ]);
        }
        const tenants = input.tenantIds
          ? await this.selectedTenants(tx, input.tenantIds, target)
          : (await this.tenantsBehind(tx, target)).items.filter(t =>
              UPGRADABLE_STATES.includes(t.state),
            );
        if (tenants.length === 0) {
          throw new ConflictError(
            `Every tenant already runs platform version ${target}; there is nothing to roll out`,
          );
        }
        const held = await new RolloutStore(tx).activeRolloutsOf(
          tenants.map(t => t.id),
        );
        if (held.length > 0) {
          const slugs = held.map(
            h => tenants.find(t => t.id === h.tenantId)!.slug,
          );
          throw new ConflictError(
            `Tenant(s) ${named(slugs)} are part of the unfinished rollout ${
              held[0].rolloutId
            }; finish or cancel it first`,
          );
        }
        const reason = input.reason ?? `Upgrade to platform version ${target}`;
        const rolloutId = await new RolloutStore(tx).create({
          targetVersion: target,
          reason,
          waveSize: input.waveSize,
          pauseSeconds: input.pauseSeconds,
          maxFailures: input.maxFailures,
          createdBy: actor,
          tenants: tenants.map(t => ({
            tenantId: t.id,
            fromVersion: t.platformVersion ?? '',
          })),
          now: this.now(),
        });
        Object.assign(audit.details, {
          rolloutId,
          targetVersion: target,
          tenants: tenants.length,
          waveSize: input.waveSize,
          pauseSeconds: input.pauseSeconds,
          maxFailures: input.maxFailures,
        });
        return rolloutId;
      },
    );
    return this.announce(id);
  }

  pause(actor: string, rawId: unknown) {
    return this.transition(actor, rawId, 'pause', ['running'], 'paused');
  }

  cancel(actor: string, rawId: unknown) {
    return this.transition(
      actor,
      rawId,
      'cancel',
      ['running', 'paused', 'stopped'],
      'cancelled',
    );
  }

  /** A paused rollout, or one stopped by failures once fewer than `maxFailures` are left failed. */
  resume(actor: string, rawId: unknown) {
    return this.transition(
      actor,
      rawId,
      'resume',
      ['paused', 'stopped'],
      'running',
      rollout => {
        if (
          rollout.state === 'stopped' &&
          rollout.counts.failed >= rollout.maxFailures
        ) {
          throw new ConflictError(
            `${rollout.counts.failed} tenant(s) of the rollout are still failed (it stops at ${rollout.maxFailures}); retry or revert them first`,
          );
        }
      },
    );
  }

  private async transition(
    actor: string,
    rawId: unknown,
    verb: string,
    from: readonly RolloutState[],
    to: RolloutState,
    check?: (rollout: Rollout) => void,
  ): Promise<RolloutDetail> {
    const id = parseRolloutId(rawId);
    await this.deps.audit.audited(
      { actor, action: `tenant.rollout.${verb}`, details: { rolloutId: id } },
      async tx => {
        const store = new RolloutStore(tx);
        const rollout = await store.get(id, { lock: true });
        if (!from.includes(rollout.state)) {
          throw new ConflictError(
            `Rollout ${id} is ${rollout.state}; only a ${from.join(
              ' or ',
            )} rollout can be ${to === 'running' ? 'resumed' : to}`,
          );
        }
        check?.(rollout);
        const now = this.now();
        await store.update(
          id,
          {
            state: to,
            stateReason: `${humanVerb(verb)} by ${actor}`,
            ...(to === 'cancelled'
              ? { finishedAt: now, nextWaveAt: null }
              : {}),
          },
          now,
        );
        if (to === 'cancelled') await store.skipPending(id, now);
      },
    );
    return this.announce(id);
  }

  /** Publishes the rollout's change and wakes the runner; answers the rollout. */
  async announce(id: string): Promise<RolloutDetail> {
    const detail = await new RolloutStore(this.db).detail(id);
    await this.deps.onChange(detail);
    await this.deps.wake();
    return detail;
  }

  /**
   * Tenants on another platform version than `target` (for the version in
   * force: on an older one), in every state, oldest first.
   */
  private async tenantsBehind(
    db: Knex,
    target: string,
    limit = ROLLOUT_MAX_TENANTS,
  ) {
    const versions = this.deps.platformVersions;
    const upToDateVersions =
      target === versions.current
        ? versions.list().filter(v => !versions.isBehind(v))
        : [target];
    return new TenantStore(db).listTenants({
      behind: true,
      upToDateVersions,
      orderBy: 'createdAt',
      order: 'asc',
      limit,
      offset: 0,
    });
  }

  private async selectedTenants(
    tx: Knex.Transaction,
    ids: string[],
    target: string,
  ): Promise<Tenant[]> {
    const store = new TenantStore(tx);
    const found = await Promise.all(ids.map(id => store.findTenant(id)));
    const problems: Array<{ field: string; message: string }> = [];
    found.forEach((tenant, index) => {
      const field = `tenantIds[${index}]`;
      if (!tenant) {
        problems.push({ field, message: `No tenant with id '${ids[index]}'` });
      } else if (tenant.platformVersion === target) {
        problems.push({
          field,
          message: `Tenant '${tenant.slug}' already runs platform version ${target}`,
        });
      } else if (!UPGRADABLE_STATES.includes(tenant.state)) {
        problems.push({
          field,
          message: `Tenant '${tenant.slug}' is ${tenant.state}; only provisioned tenants can be upgraded`,
        });
      }
    });
    if (problems.length) throw invalidFields('request body', problems);
    return found as Tenant[];
  }
}

function humanVerb(verb: string): string {
  const past: Record<string, string> = {
    pause: 'Paused',
    resume: 'Resumed',
    cancel: 'Cancelled',
  };
  return past[verb] ?? verb;
}

/** Validates a rollout id path parameter (400). */
export function parseRolloutId(raw: unknown): string {
  return parseRequest(rolloutIdSchema, raw, 'rollout id');
}
