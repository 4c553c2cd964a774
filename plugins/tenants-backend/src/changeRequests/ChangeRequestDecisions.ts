import { ConflictError } from '@backstage/errors';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  applyTenantChanges,
  approveChangeRequestSchema,
  effectiveChanges,
  rejectChangeRequestSchema,
  revertChangeRequestSchema,
  type BillingPolicy,
  type ChangeRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantStore } from '../database/TenantStore';
import { assertChangeStillAllowed } from '../policy/billingPolicy';
import { parseRequest } from '../validation/parseRequest';
import type { ChangeRequestActions } from './ChangeRequestActions';
import { publicChangeRequest } from './ChangeRequestStore';
import type { ChangeRequestTasks } from './ChangeRequestTasks';
import type { TenantRepairs } from './TenantRepairs';
import { describeCurrentValues } from './describeCurrentValues';

/** What platform admins do with change requests: approve, reject, retry, revert. */
export class ChangeRequestDecisions {
  constructor(
    private readonly deps: {
      actions: ChangeRequestActions;
      tasks: ChangeRequestTasks;
      /** `tenants.billingPolicy`. */
      billingPolicy: BillingPolicy;
      repairs: TenantRepairs;
    },
  ) {}

  /**
   * Approves a pending request: checks it again against the tenant's
   * current spec and the billing policy, fixes the spec it goes to, and
   * starts the scaffolder task applying it on behalf of the approver. When
   * the scaffolder refuses, the approval stays and the request is `failed`
   * with the scaffolder's reason (retryable).
   */
  async approve(
    actor: string,
    id: string,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const approved = await this.deps.actions.run(
      actor,
      id,
      'approve',
      async (record, tx) => {
        const input = parseRequest(
          approveChangeRequestSchema,
          body ?? {},
          'request body',
        );
        return {
          action: { type: 'approve', actor, comment: input.comment },
          extra: async plan => {
            const tenant = await new TenantStore(tx).getTenant(record.tenantId);
            const { diff } = effectiveChanges(
              tenant.spec,
              record.changes,
              tenant.platformVersion,
            );
            if (diff.length === 0) {
              throw new ConflictError(
                `The change request no longer changes anything: tenant '${
                  tenant.slug
                }' already has ${describeCurrentValues(
                  tenant.spec,
                  record.changes,
                )}; reject it`,
              );
            }
            const targetSpec = applyTenantChanges(tenant.spec, record.changes);
            assertChangeStillAllowed(
              targetSpec,
              record.changes,
              this.deps.billingPolicy,
            );
            plan.update = {
              ...plan.update,
              fromSpecVersion: tenant.specVersion,
              targetSpec,
            };
            return { comment: input.comment };
          },
        };
      },
    );
    const { record } = await this.deps.tasks.start(
      actor,
      approved,
      credentials,
      'start',
    );
    return publicChangeRequest(record);
  }

  async reject(
    actor: string,
    id: string,
    body: unknown,
  ): Promise<ChangeRequest> {
    const rejected = await this.deps.actions.run(
      actor,
      id,
      'reject',
      async () => {
        const input = parseRequest(
          rejectChangeRequestSchema,
          body ?? {},
          'request body',
        );
        return {
          action: { type: 'reject', actor, comment: input.comment },
          extra: async () => ({ comment: input.comment }),
        };
      },
    );
    return publicChangeRequest(rejected);
  }

  /**
   * Applies a failed change again: its scaffolder task is retried on behalf
   * of the caller (the phases it completed are skipped by their
   * checkpoints), or a new task is started when it never had one. When the
   * scaffolder refuses, the request is failed again and the refusal returned.
   */
  async retry(
    actor: string,
    id: string,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const approved = await this.deps.actions.run(
      actor,
      id,
      'retry',
      async () => ({ action: { type: 'retry', actor } }),
    );
    const { record, error } = await this.deps.tasks.start(
      actor,
      approved,
      credentials,
      approved.scaffolderTaskId ? 'retry' : 'start',
    );
    if (error) {
      throw error;
    }
    return publicChangeRequest(record);
  }

  /**
   * Gives a failed change up (`reverted`) and returns the tenant to the spec
   * and platform version it still runs (a failed change records neither): a
   * repair, approved by the caller and started at once, applies the
   * tenant's objects again and removes those the failed change added.
   * Answers the repair's change request.
   */
  async revert(
    actor: string,
    id: string,
    body: unknown,
    credentials?: BackstageCredentials,
  ): Promise<ChangeRequest> {
    const reverted = await this.deps.actions.run(
      actor,
      id,
      'revert',
      async () => {
        const input = parseRequest(
          revertChangeRequestSchema,
          body ?? {},
          'request body',
        );
        return {
          action: { type: 'revert', actor, comment: input.comment },
          extra: async () => ({ comment: input.comment }),
        };
      },
    );
    return this.deps.repairs.start(
      actor,
      reverted.tenantId,
      {
        reason: `Return to the tenant's spec and platform version after change request ${reverted.id} failed and was reverted`,
      },
      credentials,
      { afterFailedChange: true },
    );
  }
}
