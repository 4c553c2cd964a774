import { randomBytes } from 'node:crypto';
import type { PhaseId } from '@internal/backstage-plugin-tenants-common';
import {
  computeResourceStatus,
  REQUIRED_CRDS_BY_PHASE,
  type SecretRequirement,
  type SecretValues,
} from '@internal/backstage-plugin-tenants-node';

/** A workload as seen on the cluster (or not yet seen). */
export interface ObservedWorkload {
  kind: string;
  name: string;
  /** The object as the API server reports it; undefined while it does not exist. */
  object?: Parameters<typeof computeResourceStatus>[0];
}

/** Readiness of a set of workloads, summarized for the task log. */
export interface WorkloadProgress {
  ready: number;
  total: number;
  /** e.g. `3/5 workloads ready, waiting on statefulset/postgres: 0/1 ready` */
  message: string;
  /** Set when a workload failed by kstatus, e.g. `deployment/api: Progress deadline exceeded` */
  failure?: string;
}

const refOf = (w: { kind: string; name: string }) =>
  `${w.kind.toLowerCase()}/${w.name}`;

/** Summarizes workload readiness by the kstatus rules. */
export function workloadProgress(
  workloads: ObservedWorkload[],
): WorkloadProgress {
  const waiting: string[] = [];
  const failures: string[] = [];
  let ready = 0;
  for (const workload of workloads) {
    if (!workload.object) {
      waiting.push(`${refOf(workload)}: not created yet`);
      continue;
    }
    const { status, message } = computeResourceStatus(workload.object);
    if (status === 'Current') {
      ready += 1;
    } else if (status === 'Failed') {
      failures.push(`${refOf(workload)}: ${message}`);
    } else {
      waiting.push(`${refOf(workload)}: ${message}`);
    }
  }
  const total = workloads.length;
  const head = `${ready}/${total} workloads ready`;
  const notReady = [...failures, ...waiting];
  return {
    ready,
    total,
    message: notReady.length
      ? `${head}, waiting on ${notReady.join(', ')}`
      : head,
    ...(failures.length ? { failure: failures.join('; ') } : {}),
  };
}

/**
 * The CRDs a phase needs that the cluster does not serve, as a message naming
 * each, or undefined when all are there.
 */
export function missingCrdsMessage(
  phaseId: PhaseId,
  availableCrds: readonly string[],
): string | undefined {
  const available = new Set(availableCrds);
  const missing = REQUIRED_CRDS_BY_PHASE[phaseId].required.filter(
    crd => !available.has(crd),
  );
  if (missing.length === 0) return undefined;
  return `Phase ${phaseId} needs the CustomResourceDefinition${
    missing.length > 1 ? 's' : ''
  } ${missing.join(', ')}, which the cluster does not serve; install ${
    missing.length > 1 ? 'them' : 'it'
  } on the cluster and retry`;
}

/** Generates a random secret value: 32 random bytes, base64url. */
export function generateSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The values of the tenant's Secrets: values already on the cluster are kept
 * (so re-runs do not rotate passwords), user-provided keys come from the
 * scaffolder secrets (falling back to the value on the cluster), and every
 * other missing key is generated. Throws naming the Secret, key and scaffolder
 * secret, never a value.
 */
export function mergeSecretValues(
  requirements: SecretRequirement[],
  existing: SecretValues,
  userSecrets: Readonly<Record<string, string | undefined>>,
  generate: () => string = generateSecretValue,
): SecretValues {
  const result: Record<string, Record<string, string>> = {};
  for (const requirement of requirements) {
    const values: Record<string, string> = {};
    const onCluster = existing[requirement.name] ?? {};
    for (const key of requirement.keys) {
      const secretName = requirement.userProvided?.[key];
      if (secretName) {
        const given = userSecrets[secretName] || onCluster[key];
        if (!given) {
          throw new Error(
            `Secret ${requirement.name} needs key '${key}' from the scaffolder secret '${secretName}', which was not provided`,
          );
        }
        values[key] = given;
      } else {
        values[key] = onCluster[key] || generate();
      }
    }
    result[requirement.name] = values;
  }
  return result;
}

/** Decodes a Secret's base64 `data` into plain values. */
export function decodeSecretData(
  data: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}

/** One health check of the validation phase. */
export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

/** Formats checks as a text table: check | result | detail. */
export function formatChecksTable(checks: CheckResult[]): string[] {
  const rows = [
    ['check', 'result', 'detail'],
    ...checks.map(c => [c.check, c.ok ? 'pass' : 'FAIL', c.detail]),
  ];
  const widths = [0, 1].map(i => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r =>
    `${r[0].padEnd(widths[0])} | ${r[1].padEnd(widths[1])} | ${r[2]}`.trimEnd(),
  );
}
