import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { NotFoundError } from '@backstage/errors';
import {
  ROLLOUT_TENANT_STATES,
  type Rollout,
  type RolloutCounts,
  type RolloutDetail,
  type RolloutState,
  type RolloutTenant,
  type RolloutTenantState,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { forUpdate, toIso, toIsoOrUndefined } from '../database/util';

type Timestamp = Date | string | number;

interface RolloutRow {
  id: string;
  target_version: string;
  state: RolloutState;
  reason: string;
  wave_size: number;
  pause_seconds: number;
  max_failures: number;
  wave_count: number;
  current_wave: number;
  next_wave_at: Timestamp | null;
  state_reason: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

interface RolloutTenantRow {
  rollout_id: string;
  tenant_id: string;
  position: number;
  wave: number;
  state: RolloutTenantState;
  from_version: string;
  change_request_id: string | null;
  error_message: string | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

type JoinedTenantRow = RolloutTenantRow & {
  tenant_slug: string;
  tenant_name: string;
  scaffolder_task_id: string | null;
};

/** The writable columns of a rollout. */
export interface RolloutUpdate {
  state?: RolloutState;
  currentWave?: number;
  nextWaveAt?: Date | null;
  stateReason?: string | null;
  finishedAt?: Date | null;
}

/** The writable columns of a rollout's tenant. */
export interface RolloutTenantUpdate {
  state?: RolloutTenantState;
  changeRequestId?: string | null;
  errorMessage?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

const emptyCounts = (): RolloutCounts =>
  Object.fromEntries(ROLLOUT_TENANT_STATES.map(s => [s, 0])) as RolloutCounts;

function toRollout(row: RolloutRow, counts: RolloutCounts): Rollout {
  return {
    id: row.id,
    targetVersion: row.target_version,
    state: row.state,
    reason: row.reason,
    waveSize: Number(row.wave_size),
    pauseSeconds: Number(row.pause_seconds),
    maxFailures: Number(row.max_failures),
    waves: Number(row.wave_count),
    currentWave: Number(row.current_wave),
    ...(row.next_wave_at ? { nextWaveAt: toIso(row.next_wave_at) } : {}),
    ...(row.state_reason ? { stateReason: row.state_reason } : {}),
    counts,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
  };
}

function toTenant(row: JoinedTenantRow): RolloutTenant {
  return {
    tenantId: row.tenant_id,
    tenantSlug: row.tenant_slug,
    tenantName: row.tenant_name,
    wave: Number(row.wave),
    state: row.state,
    fromVersion: row.from_version,
    ...(row.change_request_id
      ? { changeRequestId: row.change_request_id }
      : {}),
    ...(row.scaffolder_task_id
      ? { scaffolderTaskId: row.scaffolder_task_id }
      : {}),
    ...(row.error_message ? { errorMessage: row.error_message } : {}),
    startedAt: toIsoOrUndefined(row.started_at),
    finishedAt: toIsoOrUndefined(row.finished_at),
  };
}

/**
 * Rollouts and their tenants in the Backstage database. Construct it on a
 * transaction to take part in one.
 */
export class RolloutStore {
  constructor(private readonly db: Knex) {}

  /** Records a rollout and its tenants, in order, `waveSize` per wave; answers its id. */
  async create(input: {
    targetVersion: string;
    reason: string;
    waveSize: number;
    pauseSeconds: number;
    maxFailures: number;
    createdBy: string;
    tenants: Array<{ tenantId: string; fromVersion: string }>;
    now: Date;
  }): Promise<string> {
    const id = randomUUID();
    await this.db<RolloutRow>('rollouts').insert({
      id,
      target_version: input.targetVersion,
      state: 'running',
      reason: input.reason,
      wave_size: input.waveSize,
      pause_seconds: input.pauseSeconds,
      max_failures: input.maxFailures,
      wave_count: Math.ceil(input.tenants.length / input.waveSize),
      current_wave: 0,
      next_wave_at: null,
      state_reason: null,
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
      finished_at: null,
    });
    const rows: RolloutTenantRow[] = input.tenants.map((tenant, position) => ({
      rollout_id: id,
      tenant_id: tenant.tenantId,
      position,
      wave: Math.floor(position / input.waveSize),
      state: 'pending',
      from_version: tenant.fromVersion,
      change_request_id: null,
      error_message: null,
      started_at: null,
      finished_at: null,
    }));
    // SQLite takes at most 999 bound values per statement.
    await this.db.batchInsert('rollout_tenants', rows, 50);
    return id;
  }

  /** The rollout, or 404. With `lock`, its row is locked for the transaction (PostgreSQL). */
  async get(id: string, options?: { lock?: boolean }): Promise<Rollout> {
    const query = this.db<RolloutRow>('rollouts').where({ id }).first();
    const row = await (options?.lock ? forUpdate(this.db, query) : query);
    if (!row) throw new NotFoundError(`No rollout with id '${id}'`);
    return toRollout(row, (await this.countsOf([id])).get(id) ?? emptyCounts());
  }

  async detail(id: string): Promise<RolloutDetail> {
    return { ...(await this.get(id)), tenants: await this.tenantsOf(id) };
  }

  /** Newest first. */
  async list(options: {
    state?: RolloutState;
    limit: number;
    offset: number;
  }): Promise<{ items: Rollout[]; totalCount: number }> {
    const filtered = () => {
      const query = this.db<RolloutRow>('rollouts');
      if (options.state) query.where({ state: options.state });
      return query;
    };
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select('*')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
      filtered().count({ count: '*' }),
    ]);
    const counts = await this.countsOf(rows.map(r => r.id));
    return {
      items: rows.map(row =>
        toRollout(row, counts.get(row.id) ?? emptyCounts()),
      ),
      totalCount: Number(count),
    };
  }

  /** Ids of the rollouts the runner has work for: running, or with tenants being upgraded or reverted. */
  async listActiveIds(): Promise<string[]> {
    const rows = await this.db('rollouts')
      .where({ state: 'running' })
      .orWhereIn(
        'id',
        this.db('rollout_tenants')
          .whereIn('state', ['upgrading', 'reverting'])
          .select('rollout_id'),
      )
      .orderBy('created_at', 'asc')
      .select('id');
    return rows.map(r => r.id);
  }

  /** Whether another unfinished rollout holds the tenant (one rollout per tenant at a time). */
  async activeRolloutsOf(
    tenantIds: string[],
  ): Promise<Array<{ tenantId: string; rolloutId: string }>> {
    const rows: Array<{ tenant_id: string; rollout_id: string }> = [];
    for (let i = 0; i < tenantIds.length; i += 500) {
      rows.push(
        ...(await this.db('rollout_tenants')
          .join('rollouts', 'rollouts.id', 'rollout_tenants.rollout_id')
          .whereIn('rollouts.state', ['running', 'paused', 'stopped'])
          .whereIn('rollout_tenants.tenant_id', tenantIds.slice(i, i + 500))
          .whereIn('rollout_tenants.state', [
            'pending',
            'upgrading',
            'failed',
            'reverting',
          ])
          .select('rollout_tenants.tenant_id', 'rollout_tenants.rollout_id')),
      );
    }
    return rows.map(r => ({ tenantId: r.tenant_id, rolloutId: r.rollout_id }));
  }

  async update(id: string, update: RolloutUpdate, now: Date): Promise<void> {
    await this.db<RolloutRow>('rollouts')
      .where({ id })
      .update({
        ...(update.state !== undefined ? { state: update.state } : {}),
        ...(update.currentWave !== undefined
          ? { current_wave: update.currentWave }
          : {}),
        ...(update.nextWaveAt !== undefined
          ? { next_wave_at: update.nextWaveAt }
          : {}),
        ...(update.stateReason !== undefined
          ? { state_reason: update.stateReason }
          : {}),
        ...(update.finishedAt !== undefined
          ? { finished_at: update.finishedAt }
          : {}),
        updated_at: now,
      });
  }

  async tenantsOf(id: string): Promise<RolloutTenant[]> {
    const rows: JoinedTenantRow[] = await this.db('rollout_tenants')
      .join('tenants', 'tenants.id', 'rollout_tenants.tenant_id')
      .leftJoin(
        'tenant_change_requests',
        'tenant_change_requests.id',
        'rollout_tenants.change_request_id',
      )
      .where('rollout_tenants.rollout_id', id)
      .orderBy('rollout_tenants.position', 'asc')
      .select(
        'rollout_tenants.*',
        'tenants.slug as tenant_slug',
        'tenants.name as tenant_name',
        'tenant_change_requests.scaffolder_task_id as scaffolder_task_id',
      );
    return rows.map(toTenant);
  }

  async getTenant(rolloutId: string, tenantId: string): Promise<RolloutTenant> {
    const tenant = (await this.tenantsOf(rolloutId)).find(
      t => t.tenantId === tenantId,
    );
    if (!tenant) {
      throw new NotFoundError(
        `Tenant '${tenantId}' is not part of rollout '${rolloutId}'`,
      );
    }
    return tenant;
  }

  /**
   * Updates a tenant of a rollout when it is in one of `from` (so that the
   * runner and a route never both act on it); answers whether it was.
   */
  async updateTenant(
    rolloutId: string,
    tenantId: string,
    from: readonly RolloutTenantState[],
    update: RolloutTenantUpdate,
  ): Promise<boolean> {
    const changed = await this.db<RolloutTenantRow>('rollout_tenants')
      .where({ rollout_id: rolloutId, tenant_id: tenantId })
      .whereIn('state', from)
      .update({
        ...(update.state !== undefined ? { state: update.state } : {}),
        ...(update.changeRequestId !== undefined
          ? { change_request_id: update.changeRequestId }
          : {}),
        ...(update.errorMessage !== undefined
          ? { error_message: update.errorMessage }
          : {}),
        ...(update.startedAt !== undefined
          ? { started_at: update.startedAt }
          : {}),
        ...(update.finishedAt !== undefined
          ? { finished_at: update.finishedAt }
          : {}),
      });
    return changed > 0;
  }

  /** Every tenant of the rollout still `pending` becomes `skipped`. */
  async skipPending(rolloutId: string, now: Date): Promise<void> {
    await this.db<RolloutTenantRow>('rollout_tenants')
      .where({ rollout_id: rolloutId, state: 'pending' })
      .update({ state: 'skipped', finished_at: now });
  }

  private async countsOf(ids: string[]): Promise<Map<string, RolloutCounts>> {
    const result = new Map<string, RolloutCounts>();
    if (ids.length === 0) return result;
    const rows: Array<{
      rollout_id: string;
      state: RolloutTenantState;
      count: number | string;
    }> = await this.db('rollout_tenants')
      .whereIn('rollout_id', ids)
      .groupBy('rollout_id', 'state')
      .select('rollout_id', 'state')
      .count({ count: '*' });
    for (const row of rows) {
      const counts = result.get(row.rollout_id) ?? emptyCounts();
      counts[row.state] = Number(row.count);
      result.set(row.rollout_id, counts);
    }
    return result;
  }
}
