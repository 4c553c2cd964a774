import type { z } from 'zod/v3';
import { IDENTIFIER_PATTERN } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  MAX_READINESS_TIMEOUT_SECONDS,
  TENANT_ID_MAX_LENGTH,
  TENANT_ID_MESSAGE,
} from './parseTenantSpec';

// The scaffolder hands schema functions its zod (the v3 API of the zod package).
type Zod = typeof z;

/** The tenant specification the wizard assembles: the input of tenant:validate and tenant:register. */
export const wizardSpecInput = (z: Zod) =>
  z
    .record(z.string(), z.unknown())
    .describe('The tenant specification (wizard steps 1 to 5)');

/** Inputs every per-tenant action takes: what tenant:register and tenant:validate output. */
export const tenantRunInput = {
  tenantId: (z: Zod) =>
    z
      .string()
      .min(1)
      .max(TENANT_ID_MAX_LENGTH)
      .regex(IDENTIFIER_PATTERN, TENANT_ID_MESSAGE)
      .describe('Tenant id output by tenant:register'),
  cluster: (z: Zod) =>
    z.string().min(1).describe('Cluster output by tenant:register'),
  spec: (z: Zod) =>
    z
      .record(z.string(), z.unknown())
      .describe('The spec output by tenant:register, its region resolved'),
};

/** The optional `readinessTimeoutSeconds` input, described for the action. */
export const readinessTimeoutSecondsInput = (description: string) => (z: Zod) =>
  z
    .number()
    .int()
    .positive()
    .max(MAX_READINESS_TIMEOUT_SECONDS)
    .optional()
    .describe(description);

/** Default deadline for a phase's workloads to become ready. */
export const DEFAULT_READINESS_TIMEOUT_MS = 10 * 60 * 1000;

/** The readiness deadline: the action input's, else the configured one, else 10 minutes. */
export function readinessTimeoutMs(
  inputSeconds: number | undefined,
  configuredMs: number | undefined,
): number {
  return (
    (inputSeconds ?? 0) * 1000 || configuredMs || DEFAULT_READINESS_TIMEOUT_MS
  );
}
