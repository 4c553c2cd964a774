import type { PhaseId } from './phases';

/** One way a tenant's objects on its cluster differ from what its phases apply. @public */
export type DriftDifference =
  | {
      type: 'missing';
      /** `kind/name`, e.g. `deployment/api` */
      object: string;
      namespace?: string;
      phase: PhaseId;
    }
  | {
      /** An object with the tenant's labels that no phase renders. */
      type: 'unexpected';
      object: string;
      namespace?: string;
    }
  | {
      type: 'field';
      object: string;
      namespace?: string;
      phase: PhaseId;
      /** e.g. `spec.replicas`, `spec.template.spec.containers[name=api].image` */
      path: string;
      /** Absent for Secrets: only that the field differs is told, never a value. */
      live?: unknown;
      desired?: unknown;
    };

/**
 * A drift check of a tenant, as the Tenant Service answers it: in sync,
 * drifted (with each difference), or unknown when the cluster could not be
 * read (with the reason).
 *
 * @public
 */
export type TenantDriftReport = {
  tenantId: string;
  cluster: string;
  checkedAt: string;
} & (
  | { state: 'in_sync' | 'drifted'; differences: DriftDifference[] }
  | { state: 'unknown'; reason: string }
);
