import {
  startRolloutSchema,
  type StartRollout,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { describeError, serviceFieldErrors } from '../../shared/errors';

/*
 * The start-rollout form's values, their check with the shared schema, and
 * the Tenant Service's refusals placed at the fields they name.
 */

/** The fields of the form, by the name the Tenant Service gives them. */
const FIELDS = [
  'targetVersion',
  'tenantIds',
  'waveSize',
  'pauseSeconds',
  'maxFailures',
  'reason',
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldErrors = Partial<Record<Field, string>>;

/** The form's field a problem's path (e.g. `tenantIds.2`) is about. */
const fieldOf = (path: string): Field | undefined =>
  FIELDS.find(
    field =>
      path === field ||
      path.startsWith(`${field}.`) ||
      path.startsWith(`${field}[`),
  );

/**
 * A refusal of the Tenant Service by field: its `fields` list, or else the
 * field its message names; what names no field is returned as `general`.
 */
export function startErrors(error: unknown): {
  fields: FieldErrors;
  general?: string;
} {
  const fields: FieldErrors = {};
  const listed = serviceFieldErrors(error);
  const unplaced: string[] = [];
  for (const problem of listed) {
    const field = fieldOf(problem.field);
    if (field) fields[field] ??= problem.message;
    else unplaced.push(`${problem.field}: ${problem.message}`);
  }
  if (listed.length === 0) {
    const message = describeError(error);
    const named = FIELDS.find(field =>
      new RegExp(`\\b${field}\\b`).test(message),
    );
    if (named) fields[named] = message;
    else unplaced.push(message);
  }
  return { fields, general: unplaced.join('; ') || undefined };
}

export interface FormValues {
  targetVersion: string;
  scope: 'all' | 'selected';
  waveSize: string;
  pauseSeconds: string;
  maxFailures: string;
  reason: string;
}

export const DEFAULTS: Omit<FormValues, 'targetVersion'> = {
  scope: 'all',
  waveSize: '5',
  pauseSeconds: '60',
  maxFailures: '1',
  reason: '',
};

export const asNumber = (text: string) =>
  text.trim() === '' ? NaN : Number(text);

/** The request the form asks for, or the problems of each field. */
export function requestOf(
  values: FormValues,
  selected: string[],
): { request?: StartRollout; errors: FieldErrors } {
  const request: StartRollout = {
    targetVersion: values.targetVersion || undefined,
    tenantIds: values.scope === 'selected' ? selected : undefined,
    waveSize: asNumber(values.waveSize),
    pauseSeconds: asNumber(values.pauseSeconds),
    maxFailures: asNumber(values.maxFailures),
    reason: values.reason.trim() || undefined,
  };
  const parsed = startRolloutSchema.safeParse(request);
  if (parsed.success) return { request, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path.join('.'));
    if (field) errors[field] ??= issue.message;
  }
  if (errors.tenantIds && selected.length === 0) {
    errors.tenantIds = 'Select at least one tenant';
  }
  return { errors };
}
