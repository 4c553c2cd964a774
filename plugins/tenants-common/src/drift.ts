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

/**
 * A tenant's drift as the tenants list shows and filters it: the state of its
 * last check, or `unchecked` before the first.
 *
 * @public
 */
export const TENANT_DRIFT_STATES = [
  'in_sync',
  'drifted',
  'unknown',
  'unchecked',
] as const;

/**
 * A tenant's last drift check in short (each item of `GET /v1/tenants`
 * carries it): its state, how many differences it found and when, or
 * `unchecked` when the tenant was never checked.
 *
 * @public
 */
export type TenantDriftSummary =
  | {
      state: TenantDriftReport['state'];
      differences: number;
      checkedAt: string;
    }
  | { state: 'unchecked' };

/**
 * Response of `GET /v1/tenants/:id/drift`: the tenant's last drift check
 * (scheduled or on demand), or `unchecked` when it was never checked.
 *
 * @public
 */
export type TenantLastDriftCheck =
  | TenantDriftReport
  | { tenantId: string; state: 'unchecked' };

const shownValue = (value: unknown) =>
  value === undefined ? 'unset' : JSON.stringify(value);

/**
 * What differs, in a few words, without the object:
 * `spec.replicas: 3 (should be 1)`; a Secret's field only "differs".
 *
 * @public
 */
export function describeDriftDifference(difference: DriftDifference): string {
  switch (difference.type) {
    case 'missing':
      return `missing (the ${difference.phase} phase creates it)`;
    case 'unexpected':
      return 'has the tenant’s labels but no phase creates it';
    default:
      return 'live' in difference || 'desired' in difference
        ? `${difference.path}: ${shownValue(
            difference.live,
          )} (should be ${shownValue(difference.desired)})`
        : `${difference.path} differs`;
  }
}
