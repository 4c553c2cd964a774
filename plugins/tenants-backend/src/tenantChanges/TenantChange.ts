import {
  PhaseId,
  PhaseStatus,
  RunStatus,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** A committed status change of a tenant. */
export interface TenantChange {
  /** The tenant after the change (its state is the new state). */
  tenant: Tenant;
  /** The tenant's newest run after the change. */
  run: { attempt: number; status: RunStatus };
  /** The phase whose status changed, for phase events. */
  phase?: { id: PhaseId; status: PhaseStatus };
}

/** Called after each committed status change. */
export type TenantChangeListener = (change: TenantChange) => Promise<void>;
