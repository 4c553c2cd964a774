import { PROVISIONING_PHASES } from '@tenant-platform/backstage-plugin-tenants-common';
import type { DryRunResult } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import type { TenantReviewValue } from './validation';

/** A dry-run phase by the specification's number, e.g. `Phase 5.5 · Ingress`. */
export function phaseLabel(phaseId: string, name: string): string {
  const phase = PROVISIONING_PHASES.find(p => p.id === phaseId);
  return phase ? `Phase ${phase.number} · ${phase.name}` : name;
}

/** How many objects the phases of a dry run would apply. */
export function objectCountOf(result: DryRunResult): number {
  return result.phases.reduce((sum, phase) => sum + phase.objects.length, 0);
}

const OUTCOME_KEYS: Array<keyof TenantReviewValue> = [
  'status',
  'fingerprint',
  'cluster',
  'namespace',
  'objectCount',
  'message',
];

/** Whether two review values record the same outcome. */
export function sameOutcome(
  a: TenantReviewValue,
  b: TenantReviewValue | undefined,
) {
  return !!b && OUTCOME_KEYS.every(key => a[key] === b[key]);
}

/**
 * The review field's value for the dry run of the spec with `fingerprint`:
 * pending while it runs (or was made for another spec), failed with the
 * reason, or passed.
 */
export function dryRunOutcome(options: {
  fingerprint: string;
  /** Whether the dry run is running or was made for another fingerprint. */
  pending: boolean;
  error?: unknown;
  result?: DryRunResult;
  /** Names of the data sources whose password the secrets no longer hold. */
  missingPasswords: string[];
}): TenantReviewValue {
  const { fingerprint, pending, error, result, missingPasswords } = options;
  if (pending) {
    return { status: 'pending', fingerprint };
  }
  if (error) {
    return {
      status: 'failed',
      fingerprint,
      message: `The dry run failed: ${describeError(error)}`,
    };
  }
  if (!result) {
    return { status: 'pending', fingerprint };
  }
  const failedPhases = result.phases.filter(phase => phase.error);
  const base = {
    fingerprint,
    cluster: result.cluster,
    namespace: result.namespace,
    objectCount: objectCountOf(result),
  };
  if (failedPhases.length > 0) {
    return {
      ...base,
      status: 'failed',
      message: `The dry run failed in ${failedPhases
        .map(p => phaseLabel(p.phaseId, p.name))
        .join(', ')}: ${failedPhases.map(p => p.error).join('; ')}`,
    };
  }
  if (missingPasswords.length > 0) {
    const names = missingPasswords.map(name => `'${name}'`).join(', ');
    return {
      ...base,
      status: 'failed',
      message: `Enter the password of ${names} again on the Data Sources step (secrets are not kept when the page reloads)`,
    };
  }
  return { ...base, status: 'passed' };
}
