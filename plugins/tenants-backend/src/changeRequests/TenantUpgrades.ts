import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ChangeRequest } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  startApprovedChange,
  type ApprovedChangeDeps,
} from './startApprovedChange';

/**
 * Upgrades of a tenant's platform version started by a rollout: a change
 * request with `platformVersion`, approved by the platform admin who started
 * the rollout and applied at once by the change task, with the readiness
 * waits of provisioning. Audited as `tenant.upgrade`; once applied, the
 * tenant records the new version.
 */
export class TenantUpgrades {
  constructor(private readonly deps: ApprovedChangeDeps) {}

  start(
    actor: string,
    tenantId: string,
    options: {
      platformVersion: string;
      reason: string;
      rolloutId: string;
      credentials?: BackstageCredentials;
    },
  ): Promise<ChangeRequest> {
    return startApprovedChange(this.deps, {
      actor,
      tenantId,
      auditAction: 'tenant.upgrade',
      what: 'upgraded',
      changes: { platformVersion: options.platformVersion },
      reason: () => options.reason,
      decisionComment: `Upgrade of rollout ${options.rolloutId}`,
      startedMessage: reason =>
        `Upgrade to platform version ${options.platformVersion} started by rollout ${options.rolloutId} of ${actor}. Reason: ${reason}`,
      credentials: options.credentials,
    });
  }
}
