import type { PhaseId } from './phases';
import type { TenantSpec } from './spec';

/**
 * Live provisioning status of a tenant, exactly as the original specification
 * defines it (snake_case fields are part of the public contract).
 *
 * @public
 */
export interface ProvisioningStatus {
  tenant_id: string;
  current_phase: number;
  total_phases: number;
  phase_name: string;
  status: 'pending' | 'in_progress' | 'completed' | 'failed';
  progress_percentage: number;
  logs: string[];
  started_at: string;
  estimated_completion: string;
}

/** Lifecycle states of a tenant record. @public */
export const TENANT_STATES = [
  'pending',
  'provisioning',
  'ready',
  'failed',
  'rolling_back',
  'rolled_back',
  'updating',
] as const;

/** @public */
export type TenantState = (typeof TENANT_STATES)[number];

/** A tenant as the Tenant Service stores and returns it. @public */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  spec: TenantSpec;
  state: TenantState;
  cluster?: string;
  /** Version of `spec`: 1 as registered, +1 with every applied change request. */
  specVersion?: number;
  /**
   * The platform version (images and render defaults, declared in config)
   * the tenant runs: the version in force when it was registered, replaced
   * when a change request or a rollout upgrades it.
   */
  platformVersion?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Status of one provisioning run (one attempt). @public */
export const RUN_STATUSES = [
  'pending',
  'in_progress',
  'completed',
  'failed',
] as const;
/** @public */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Status of one phase within a run. @public */
export const PHASE_STATUSES = RUN_STATUSES;
/** @public */
export type PhaseStatus = RunStatus;

/** One phase of a provisioning run. @public */
export interface TenantRunPhase {
  phaseId: PhaseId;
  ordinal: number;
  status: PhaseStatus;
  startedAt?: string;
  finishedAt?: string;
  errorMessage?: string;
}

/** One provisioning attempt of a tenant, with its phases in execution order. @public */
export interface TenantRun {
  id: string;
  tenantId: string;
  attempt: number;
  scaffolderTaskId?: string;
  status: RunStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  phases: TenantRunPhase[];
}
