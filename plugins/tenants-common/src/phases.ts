/**
 * The provisioning phases of a tenant, in execution order. The numbers are the
 * ones of the original specification (phase 5.5 is ingress), and
 * `expectedDurationSeconds` is the specification's duration, used as the prior
 * for progress weighting and ETA before there is history of real runs.
 *
 * @public
 */
export const PROVISIONING_PHASES = [
  {
    id: 'namespace',
    number: '1',
    name: 'Namespace',
    expectedDurationSeconds: 5,
  },
  { id: 'secrets', number: '2', name: 'Secrets', expectedDurationSeconds: 5 },
  {
    id: 'data-infrastructure',
    number: '3',
    name: 'Data Infrastructure',
    expectedDurationSeconds: 210,
  },
  {
    id: 'control-plane',
    number: '4',
    name: 'Control Plane',
    expectedDurationSeconds: 90,
  },
  {
    id: 'data-plane',
    number: '5',
    name: 'Data Plane',
    expectedDurationSeconds: 240,
  },
  {
    id: 'ingress',
    number: '5.5',
    name: 'Ingress',
    expectedDurationSeconds: 120,
  },
  {
    id: 'observability',
    number: '6',
    name: 'Observability',
    expectedDurationSeconds: 90,
  },
  {
    id: 'validation',
    number: '7',
    name: 'Validation',
    expectedDurationSeconds: 30,
  },
] as const;

/** @public */
export type ProvisioningPhase = (typeof PROVISIONING_PHASES)[number];

/** @public */
export type PhaseId = ProvisioningPhase['id'];

/** @public */
export const TOTAL_PHASES = PROVISIONING_PHASES.length;

/** @public */
export function getPhase(id: PhaseId): ProvisioningPhase {
  const phase = PROVISIONING_PHASES.find(p => p.id === id);
  if (!phase) {
    throw new Error(`Unknown provisioning phase '${id}'`);
  }
  return phase;
}

/** Position of the phase in execution order, starting at 1 (ingress is 6). @public */
export function phaseOrdinal(id: PhaseId): number {
  return PROVISIONING_PHASES.findIndex(p => p.id === id) + 1;
}
