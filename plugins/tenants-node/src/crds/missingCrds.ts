import type { PhaseId } from '@tenant-platform/backstage-plugin-tenants-common';
import { REQUIRED_CRDS_BY_PHASE } from '../render/requiredCrds';

/** The CustomResourceDefinitions each phase requires. @public */
export type RequiredCrds = Readonly<
  Record<PhaseId, { required: readonly string[] }>
>;

/**
 * The CustomResourceDefinitions a phase requires that are not among
 * `availableCrds`.
 *
 * @public
 */
export function missingCrds(
  phaseId: PhaseId,
  availableCrds: readonly string[],
  requiredCrds: RequiredCrds = REQUIRED_CRDS_BY_PHASE,
): string[] {
  const available = new Set(availableCrds);
  return requiredCrds[phaseId].required.filter(crd => !available.has(crd));
}

/**
 * The CustomResourceDefinitions a phase requires that the cluster does not
 * serve, as a message naming each, or undefined when all are there. The
 * phase actions fail with it and the dry run reports it as the phase's error.
 *
 * @public
 */
export function missingCrdsMessage(
  phaseId: PhaseId,
  availableCrds: readonly string[],
  requiredCrds: RequiredCrds = REQUIRED_CRDS_BY_PHASE,
): string | undefined {
  const missing = missingCrds(phaseId, availableCrds, requiredCrds);
  if (missing.length === 0) return undefined;
  return `Phase ${phaseId} needs the CustomResourceDefinition${
    missing.length > 1 ? 's' : ''
  } ${missing.join(', ')}, which the cluster does not serve; install ${
    missing.length > 1 ? 'them' : 'it'
  } on the cluster and retry`;
}
