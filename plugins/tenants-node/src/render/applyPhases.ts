import {
  PROVISIONING_PHASES,
  type PhaseId,
} from '@tenant-platform/backstage-plugin-tenants-common';

/** A phase that applies objects to the cluster: every phase but validation. @public */
export type ApplyPhaseId = Exclude<PhaseId, 'validation'>;

/**
 * The phases that apply objects to the cluster, in provisioning order: each
 * has a scaffolder action of its own, and a tenant change re-applies those
 * whose objects differ. The validation phase checks the others' objects and
 * applies none.
 *
 * @public
 */
export const APPLY_PHASES: readonly ApplyPhaseId[] = PROVISIONING_PHASES.map(
  phase => phase.id,
).filter((id): id is ApplyPhaseId => id !== 'validation');
