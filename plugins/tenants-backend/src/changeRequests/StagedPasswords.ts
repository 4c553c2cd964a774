import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  stagedPasswords,
  type TenantChanges,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  deleteStagedPasswords,
  labelStagedPasswords,
  missingStagedPasswords,
  tenantNamespaceName,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { TenantStore } from '../database/TenantStore';
import type { ChangeRequestEvent } from './ChangeRequestEvent';

/** A tenant as far as its staged passwords go: where its namespace is. */
export interface StagedPasswordTenant {
  slug: string;
  cluster?: string;
}

/**
 * What the Tenant Service does with the staged passwords of data-source
 * change requests (Secrets in the tenant's namespace that the template
 * `tenant-data-source-change` wrote): checks that a request names staged
 * passwords that exist, labels them with the request, and deletes them once
 * the request is finished. It never reads a value out.
 */
export interface StagedPasswordAccess {
  /** The staged passwords that are not in the tenant's namespace. */
  missing(
    tenant: StagedPasswordTenant,
    staged: Array<{ dataSource: string; secretName: string }>,
  ): Promise<Array<{ dataSource: string; secretName: string }>>;
  /** Labels the staged passwords with the change request naming them. */
  label(
    tenant: StagedPasswordTenant,
    secretNames: string[],
    changeRequestId: string,
  ): Promise<void>;
  /** Deletes the staged passwords; answers those it deleted. */
  discard(
    tenant: StagedPasswordTenant,
    secretNames: string[],
  ): Promise<string[]>;
}

/** {@link StagedPasswordAccess} on the tenants' clusters. */
export class ClusterStagedPasswords implements StagedPasswordAccess {
  constructor(private readonly clusters: Pick<ClusterRegistry, 'kubeConfig'>) {}

  async missing(
    tenant: StagedPasswordTenant,
    staged: Array<{ dataSource: string; secretName: string }>,
  ) {
    if (!tenant.cluster) return staged;
    return missingStagedPasswords(
      await this.clusters.kubeConfig(tenant.cluster),
      tenantNamespaceName(tenant.slug),
      staged,
    );
  }

  async label(
    tenant: StagedPasswordTenant,
    secretNames: string[],
    changeRequestId: string,
  ) {
    if (!tenant.cluster || secretNames.length === 0) return;
    await labelStagedPasswords(
      await this.clusters.kubeConfig(tenant.cluster),
      tenantNamespaceName(tenant.slug),
      secretNames,
      changeRequestId,
    );
  }

  async discard(tenant: StagedPasswordTenant, secretNames: string[]) {
    if (!tenant.cluster || secretNames.length === 0) return [];
    return deleteStagedPasswords(
      await this.clusters.kubeConfig(tenant.cluster),
      tenantNamespaceName(tenant.slug),
      secretNames,
    );
  }
}

/** Statuses after which a request's staged passwords are of no more use. */
const FINISHED = ['applied', 'rejected', 'reverted'];

/**
 * A change request listener: once a request with staged passwords is
 * finished (applied, rejected or reverted), its staged passwords are
 * deleted. `tenant:apply-change` deletes them itself once applied; this
 * deletes what a rejected or reverted request leaves, and what a task could
 * not delete.
 */
export function discardStagedPasswords(
  db: Knex,
  passwords: StagedPasswordAccess,
  logger: LoggerService,
) {
  return async (event: ChangeRequestEvent): Promise<void> => {
    const request = event.changeRequest;
    if (!FINISHED.includes(request.status)) return;
    const names = stagedPasswordNames(request.changes);
    if (names.length === 0) return;
    const tenant = await new TenantStore(db).getTenant(request.tenantId);
    const deleted = await passwords.discard(tenant, names);
    if (deleted.length) {
      logger.info(
        `Deleted the staged password Secret(s) ${deleted.join(', ')} of ${
          request.status
        } change request ${request.id} of tenant ${tenant.slug}`,
      );
    }
  };
}

/** The names of the staged password Secrets a request's changes name. */
export function stagedPasswordNames(changes: TenantChanges): string[] {
  return stagedPasswords(changes.dataSources).map(s => s.secretName);
}
