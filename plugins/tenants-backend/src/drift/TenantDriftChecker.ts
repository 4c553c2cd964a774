import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  Tenant,
  TenantDriftReport,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  detectDrift,
  type ClusterRegistry,
  type PlatformVersions,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { Knex } from 'knex';
import { DriftStore } from '../database/DriftStore';
import { TenantStore } from '../database/TenantStore';
import type { TenantGroups } from '../permissions/TenantGroups';
import { driftNotification } from './driftNotification';

/** Tenants a scheduled round checks at the same time. */
const CONCURRENT_CHECKS = 4;

/** How many tenants a round found in each state. */
export type DriftRoundSummary = Record<TenantDriftReport['state'], number>;

/**
 * Checks tenants for drift (see `detectDrift`) and keeps each tenant's last
 * check; tells the platform admins when a tenant becomes drifted.
 */
export class TenantDriftChecker {
  constructor(
    private readonly deps: {
      db: Knex;
      clusters: ClusterRegistry;
      renderContext: RenderContext;
      /** Each tenant is compared with the render of the platform version it runs. */
      platformVersions?: PlatformVersions;
      logger: LoggerService;
      notifications?: NotificationService;
      groups: TenantGroups;
      /** Called when a tenant's drift state changed (the catalog shows it). */
      onStateChange?: () => void;
      now?: () => Date;
    },
  ) {}

  /**
   * Compares the tenant's objects on its cluster with what the phases render
   * for `spec` and `platformVersion` (by default its own): the differences
   * that applying them would make. Nothing is kept.
   */
  async compare(
    tenant: Tenant & { cluster: string },
    spec: TenantSpec = tenant.spec,
    platformVersion: string | undefined = tenant.platformVersion,
  ): Promise<TenantDriftReport> {
    const about = {
      tenantId: tenant.id,
      cluster: tenant.cluster,
      checkedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
    const unknown = (reason: string): TenantDriftReport => ({
      ...about,
      state: 'unknown',
      reason: `The cluster ${tenant.cluster} could not be read: ${reason}`,
    });
    try {
      const { renderContext, platformVersions } = this.deps;
      const { requests: _requests, ...drift } = await detectDrift(
        await this.deps.clusters.kubeConfig(tenant.cluster),
        spec,
        platformVersions?.renderContext(renderContext, platformVersion) ??
          renderContext,
      );
      return drift.state === 'unknown'
        ? unknown(drift.reason)
        : { ...about, ...drift };
    } catch (error) {
      // e.g. a cluster no longer in the config
      return unknown(String((error as Error)?.message ?? error));
    }
  }

  /** Checks one tenant on its cluster, keeps the result and answers it. */
  async check(
    tenant: Tenant & { cluster: string },
  ): Promise<TenantDriftReport> {
    const report = await this.compare(tenant);
    const before = await new DriftStore(this.deps.db).save(report);
    if (before !== report.state) this.deps.onStateChange?.();
    if (report.state === 'drifted' && before !== 'drifted') {
      this.deps.logger.warn(
        `Tenant ${tenant.slug} drifted: ${report.differences.length} difference(s) on ${tenant.cluster}`,
      );
      await this.deps.notifications
        ?.send(driftNotification(tenant, report, this.deps.groups))
        .catch(error =>
          this.deps.logger.warn(
            `Could not notify the platform admins of the drift of tenant ${tenant.slug}: ${error}`,
          ),
        );
    }
    return report;
  }

  /**
   * One scheduled round: every ready tenant that has a cluster,
   * {@link CONCURRENT_CHECKS} at a time.
   */
  async checkAll(): Promise<DriftRoundSummary> {
    const tenants = (
      await new TenantStore(this.deps.db).listTenantsInState('ready')
    ).filter((t): t is Tenant & { cluster: string } => Boolean(t.cluster));
    const summary: DriftRoundSummary = { in_sync: 0, drifted: 0, unknown: 0 };
    let next = 0;
    const worker = async () => {
      while (next < tenants.length) {
        const report = await this.check(tenants[next++]);
        summary[report.state] += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_CHECKS }, worker));
    this.deps.logger.info(
      `Drift check of ${tenants.length} ready tenant(s): ${summary.in_sync} in sync, ${summary.drifted} drifted, ${summary.unknown} unknown`,
    );
    return summary;
  }
}
