import { z } from 'zod';
import { limitSchema, offsetSchema } from './paging';
import { identifierSchema, LOG_LEVELS, type LogLevel } from './api';
import {
  CHANGEABLE_FIELDS,
  changeableFieldAt,
  changeableFieldSchemas,
  describeFieldChange,
  immutableFieldSchemas,
  readChangeableField,
  sameChangeValue,
  writeChangeableField,
  type ChangeableFieldKey,
  type ChangeValue,
} from './changeFields';
import {
  applyDataSourceChanges,
  dataSourceChangesBetween,
  dataSourceChangesSchema,
  DATA_SOURCE_FIELD_PREFIX,
  describeDataSourceChange,
  effectiveDataSourceChanges,
  hasDataSourceChanges,
  isDataSourceField,
  touchedDataSources,
} from './dataSourceChanges';
import type { TenantDriftReport } from './drift';
import { PLATFORM_MODULES, type TenantSpec } from './spec';
import { hasNoNul } from './text';

/*
 * Change requests: tenant admins ask for other values of the changeable
 * spec fields (changeFields.ts), for modules to be enabled or disabled, or
 * for a repair of the tenant's drifted objects; platform admins approve or reject, and an approved change is
 * applied by the `tenant:apply-change` scaffolder action (template
 * `tenant-change`).
 */

/**
 * Lifecycle of a change request:
 * `pending` → `approved` → `applying` → `applied` | `failed` (retryable, or
 * `reverted`: given up, the tenant's objects applied again for the spec and
 * platform version it had), or `pending` → `rejected`.
 *
 * @public
 */
export const CHANGE_REQUEST_STATUSES = [
  'pending',
  'approved',
  'applying',
  'applied',
  'failed',
  'rejected',
  'reverted',
] as const;
/** @public */
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** Statuses of requests that are not finished: they block conflicting requests. @public */
export const OPEN_CHANGE_REQUEST_STATUSES: readonly ChangeRequestStatus[] = [
  'pending',
  'approved',
  'applying',
  'failed',
];

/** Ids of the platform modules a change request may enable or disable. @public */
export type PlatformModuleId = (typeof PLATFORM_MODULES)[number]['id'];

/** @public */
export const PLATFORM_MODULE_IDS = PLATFORM_MODULES.map(m => m.id) as [
  PlatformModuleId,
  ...PlatformModuleId[],
];

const moduleFlag = (title: string) =>
  z.boolean({ error: `${title} must be true (enable) or false (disable)` });

/**
 * The field of a change request's diff that stands for a repair: not a spec
 * field, the objects of the spec are applied again.
 *
 * @public
 */
export const REPAIR_FIELD = 'repair';

/**
 * The field of a change request's diff that stands for an upgrade (or
 * downgrade) of the tenant's platform version: not a spec field, the
 * tenant's objects are rendered with another version's images and defaults.
 *
 * @public
 */
export const PLATFORM_VERSION_FIELD = 'platformVersion';

/**
 * A platform version's name as config declares it, e.g. `1.4.0`.
 *
 * @public
 */
export const platformVersionSchema = z
  .string({ error: 'platformVersion must be text, e.g. 1.4.0' })
  .min(1, 'platformVersion must not be empty')
  .max(64, 'platformVersion must be at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]*$/,
    'platformVersion may contain letters, digits, dots, dashes, underscores and plus signs',
  );

const optionalFields = Object.fromEntries(
  Object.entries(changeableFieldSchemas).map(([key, schema]) => [
    key,
    schema.optional(),
  ]),
) as {
  [K in ChangeableFieldKey]: z.ZodOptional<(typeof changeableFieldSchemas)[K]>;
};

/**
 * What a change request changes: any of {@link CHANGEABLE_FIELDS}, modules,
 * a platform version (one that config declares), and/or a repair (the
 * objects of the tenant's spec applied again, objects with its labels that no
 * phase renders removed). Fields left out stay as
 * they are; fields equal to the tenant's current values are dropped when the
 * request is filed (a request that changes nothing is refused). The slug,
 * cloud provider and region are refused with the reason
 * ({@link IMMUTABLE_FIELD_REASONS}).
 *
 * @public
 */
export const tenantChangesSchema = z
  .object({
    ...optionalFields,
    modules: z
      .object({
        core: moduleFlag('core').optional(),
        bi: moduleFlag('bi').optional(),
        ml: moduleFlag('ml').optional(),
        dataPlatform: moduleFlag('dataPlatform').optional(),
        contextGraph: moduleFlag('contextGraph').optional(),
      })
      .strict()
      .optional(),
    repair: z
      .literal(true, {
        error: 'repair must be true (leave it out to change fields only)',
      })
      .optional(),
    platformVersion: platformVersionSchema.optional(),
    /** Data sources to add, edit and remove; passwords only as staged Secrets. */
    dataSources: dataSourceChangesSchema.optional(),
    ...immutableFieldSchemas,
  })
  .strict()
  .refine(
    changes =>
      changes.repair === true ||
      changes.platformVersion !== undefined ||
      hasDataSourceChanges(changes.dataSources) ||
      CHANGEABLE_FIELDS.some(field => changes[field.key] !== undefined) ||
      Object.values(changes.modules ?? {}).some(v => v !== undefined),
    {
      error:
        'Name at least one change: a field such as resourceTier, a module, repair or platformVersion',
    },
  );
/** @public */
export type TenantChanges = z.infer<typeof tenantChangesSchema>;

/** Most characters of a change request's reason. @public */
export const CHANGE_REASON_MAX_LENGTH = 2000;

const reasonSchema = z
  .string({ error: 'A reason is required' })
  .trim()
  .max(
    CHANGE_REASON_MAX_LENGTH,
    `Reason must be at most ${CHANGE_REASON_MAX_LENGTH} characters`,
  )
  .refine(hasNoNul, 'Reason must not contain NUL characters');

/** Body of `POST /v1/tenants/:id/change-requests`. @public */
export const createChangeRequestSchema = z
  .object({
    changes: tenantChangesSchema,
    reason: reasonSchema.refine(
      reason => reason.length > 0,
      'A reason is required',
    ),
  })
  .strict();
/** @public */
export type CreateChangeRequest = z.input<typeof createChangeRequestSchema>;

/** Body of `POST /v1/tenants/:id/change-requests/preview`. @public */
export const previewChangesSchema = z
  .object({ changes: tenantChangesSchema })
  .strict();

/**
 * What approving changes would do: the spec fields, and each object on the
 * tenant's cluster that differs from what the phases render for the
 * resulting spec, i.e. what applying it would create, change or remove.
 * Answer of `POST /v1/tenants/:id/change-requests/preview` and of
 * `GET /v1/change-requests/:id/preview`.
 *
 * @public
 */
export interface ChangePreview {
  diff: ChangeRequestDiffEntry[];
  objects: TenantDriftReport;
}

/**
 * Body of `POST /v1/tenants/:id/repair`: a platform admin repairs a drifted
 * tenant at once (a change request that only repairs, approved by them).
 *
 * @public
 */
export const startRepairSchema = z
  .object({
    reason: reasonSchema
      .refine(
        reason => reason.length > 0,
        'Reason must not be empty (leave it out for the default)',
      )
      .optional(),
  })
  .strict();
/** Body of `POST /v1/tenants/:id/repair`. @public */
export type StartRepair = z.input<typeof startRepairSchema>;

/** Body of `POST /v1/change-requests/:id/approve`. @public */
export const approveChangeRequestSchema = z
  .object({
    comment: z
      .string()
      .trim()
      .max(2000, 'Comment must be at most 2000 characters')
      .refine(hasNoNul, 'Comment must not contain NUL characters')
      .optional(),
  })
  .strict();

/** Body of `POST /v1/change-requests/:id/revert`: an optional comment for the log. @public */
export const revertChangeRequestSchema = approveChangeRequestSchema;

/** Body of `POST /v1/change-requests/:id/reject`: the comment tells the requester why. @public */
export const rejectChangeRequestSchema = z
  .object({
    comment: z
      .string({ error: 'A comment is required to reject a change request' })
      .trim()
      .min(1, 'A comment is required to reject a change request')
      .max(2000, 'Comment must be at most 2000 characters')
      .refine(hasNoNul, 'Comment must not contain NUL characters'),
  })
  .strict();

/** Event types the `tenant:apply-change` action reports. @public */
export const CHANGE_REQUEST_EVENT_TYPES = [
  'started',
  'log',
  'applied',
  'failed',
] as const;
/** @public */
export type ChangeRequestEventType =
  (typeof CHANGE_REQUEST_EVENT_TYPES)[number];

/** Body of `POST /v1/change-requests/:id/events` (service credentials). @public */
export const changeRequestEventSchema = z
  .object({
    type: z.enum(CHANGE_REQUEST_EVENT_TYPES, {
      error: `Event type must be one of ${CHANGE_REQUEST_EVENT_TYPES.join(
        ', ',
      )}`,
    }),
    message: z
      .string()
      .min(1, 'Message must not be empty')
      .max(10_000, 'Message must be at most 10000 characters')
      .refine(hasNoNul, 'Message must not contain NUL characters')
      .optional(),
    level: z.enum(LOG_LEVELS).optional(),
    /** Scaffolder task running the change; recorded with `started`. */
    taskId: identifierSchema('Task id', 255).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (
      (event.type === 'log' || event.type === 'failed') &&
      event.message === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['message'],
        message: `Message is required for '${event.type}' events`,
      });
    }
  });
/** @public */
export type ChangeRequestEvent = z.infer<typeof changeRequestEventSchema>;

/** @public */
export const changeRequestIdSchema = z.uuid({
  error: 'Change request id must be a UUID',
});

/** Query of `GET /v1/change-requests` and `GET /v1/tenants/:id/change-requests`. @public */
export const listChangeRequestsQuerySchema = z
  .object({
    status: z
      .enum(CHANGE_REQUEST_STATUSES, {
        error: `status must be one of ${CHANGE_REQUEST_STATUSES.join(', ')}`,
      })
      .optional(),
    limit: limitSchema,
    offset: offsetSchema,
  })
  .strict();
/** @public */
export type ListChangeRequestsQuery = z.infer<
  typeof listChangeRequestsQuerySchema
>;

/** One field a change request changes, from the value when it was filed. @public */
export interface ChangeRequestDiffEntry {
  /**
   * Path in the tenant spec, e.g. `infrastructure.resourceTier` or
   * `modules.ml`, a data source (`dataSources.<name>`, from and to as
   * `describeDataSource` puts them, never a password), or
   * {@link REPAIR_FIELD}.
   */
  field: string;
  from: ChangeValue;
  to: ChangeValue;
}

/** A line of the log of applying a change request. @public */
export interface ChangeRequestLogLine {
  at: string;
  level: LogLevel;
  message: string;
}

/** A change request as the Tenant Service returns it. @public */
export interface ChangeRequest {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  status: ChangeRequestStatus;
  /** The effective changes (fields equal to the tenant's values dropped). */
  changes: TenantChanges;
  diff: ChangeRequestDiffEntry[];
  reason: string;
  requestedBy: string;
  requestedAt: string;
  /** The tenant's spec version when the request was filed. */
  baseSpecVersion: number;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  /** The spec version the change is applied on (set on approval). */
  fromSpecVersion?: number;
  /** The spec version the applied change created. */
  appliedSpecVersion?: number;
  /** Scaffolder task applying the change (template `tenant-change`). */
  scaffolderTaskId?: string;
  /** How many times applying was started (retries included). */
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  errorMessage?: string;
  updatedAt: string;
}

/**
 * `GET /v1/change-requests/:id`: the request, its log, and (once approved)
 * the spec it is applied on and the spec it results in.
 *
 * @public
 */
export interface ChangeRequestDetail extends ChangeRequest {
  cluster?: string;
  /**
   * The platform version the tenant runs (recorded when a change with
   * `platformVersion` is applied): the objects of `fromSpec` are rendered
   * with it, those of `targetSpec` with `changes.platformVersion` when set.
   */
  platformVersion?: string;
  fromSpec?: TenantSpec;
  targetSpec?: TenantSpec;
  logs: ChangeRequestLogLine[];
}

/** A version of a tenant's spec (`GET /v1/tenants/:id/spec-versions`). @public */
export interface TenantSpecVersion {
  version: number;
  spec: TenantSpec;
  createdAt: string;
  createdBy: string;
  /** The change request that created it; absent for the registered spec. */
  changeRequestId?: string;
}

/** Signal channel of one tenant's change request updates. @public */
export function tenantChangeRequestSignalChannel(tenantId: string): string {
  return `tenant-change-requests:${tenantId}`;
}

/** Signal channel of change request updates of all tenants (the recipient may read). @public */
export const ALL_CHANGE_REQUESTS_SIGNAL_CHANNEL = 'tenant-change-requests:all';

/** Published whenever a change request is filed or changes status. @public */
export type ChangeRequestSignal = {
  changeRequestId: string;
  tenantId: string;
  status: ChangeRequestStatus;
};

/**
 * The changes that differ from the spec, as effective changes and diff
 * entries. Fields equal to the spec's values are dropped.
 *
 * @public
 */
export function effectiveChanges(
  spec: TenantSpec,
  changes: TenantChanges,
  platformVersion?: string,
): { changes: TenantChanges; diff: ChangeRequestDiffEntry[] } {
  const effective: Record<string, unknown> = {};
  const diff: ChangeRequestDiffEntry[] = [];
  for (const field of CHANGEABLE_FIELDS) {
    const wanted = changes[field.key];
    const current = readChangeableField(spec, field);
    if (wanted !== undefined && !sameChangeValue(wanted, current)) {
      effective[field.key] = wanted;
      diff.push({ field: field.path, from: current, to: wanted });
    }
  }
  const modules: Record<string, boolean> = {};
  for (const id of PLATFORM_MODULE_IDS) {
    const wanted = changes.modules?.[id];
    if (wanted !== undefined && wanted !== spec.modules[id]) {
      modules[id] = wanted;
      diff.push({ field: `modules.${id}`, from: spec.modules[id], to: wanted });
    }
  }
  if (Object.keys(modules).length) effective.modules = modules;
  const dataSources = effectiveDataSourceChanges(
    spec.dataSources,
    changes.dataSources,
  );
  if (dataSources.changes) effective.dataSources = dataSources.changes;
  diff.push(...dataSources.diff);
  if (
    changes.platformVersion !== undefined &&
    changes.platformVersion !== platformVersion
  ) {
    effective.platformVersion = changes.platformVersion;
    diff.push({
      field: PLATFORM_VERSION_FIELD,
      from: platformVersion ?? '',
      to: changes.platformVersion,
    });
  }
  if (changes.repair) {
    effective.repair = true;
    diff.push({ field: REPAIR_FIELD, from: false, to: true });
  }
  return { changes: effective as TenantChanges, diff };
}

/**
 * The changeable fields and modules that differ between two specs, as diff
 * entries (e.g. between two spec versions of a tenant).
 *
 * @public
 */
export function diffTenantSpecs(
  from: TenantSpec,
  to: TenantSpec,
): ChangeRequestDiffEntry[] {
  const changes = Object.fromEntries(
    CHANGEABLE_FIELDS.map(field => [field.key, readChangeableField(to, field)]),
  );
  return effectiveChanges(from, {
    ...changes,
    modules: to.modules,
    dataSources: dataSourceChangesBetween(from.dataSources, to.dataSources),
  }).diff;
}

/** Whether a change request's diff changes the spec (and not only repairs). @public */
export function changesSpec(diff: ChangeRequestDiffEntry[]): boolean {
  return diff.some(
    entry =>
      entry.field !== REPAIR_FIELD && entry.field !== PLATFORM_VERSION_FIELD,
  );
}

/** The spec with the changes applied (a repair changes no field). @public */
export function applyTenantChanges(
  spec: TenantSpec,
  changes: TenantChanges,
): TenantSpec {
  let result: TenantSpec = {
    ...spec,
    modules: {
      ...spec.modules,
      ...Object.fromEntries(
        Object.entries(changes.modules ?? {}).filter(
          ([, value]) => value !== undefined,
        ),
      ),
    },
    dataSources: applyDataSourceChanges(spec.dataSources, changes.dataSources),
  };
  for (const field of CHANGEABLE_FIELDS) {
    const value = changes[field.key];
    if (value !== undefined)
      result = writeChangeableField(result, field, value);
  }
  return result;
}

/**
 * The fields a change request touches, e.g. `infrastructure.resourceTier`,
 * `modules.ml`, `dataSources.crm`, {@link REPAIR_FIELD}: two open requests
 * touching the same field (or data source) conflict.
 *
 * @public
 */
export function changedFields(changes: TenantChanges): string[] {
  return [
    ...CHANGEABLE_FIELDS.filter(field => changes[field.key] !== undefined).map(
      field => field.path,
    ),
    ...PLATFORM_MODULE_IDS.filter(
      id => changes.modules?.[id] !== undefined,
    ).map(id => `modules.${id}`),
    ...touchedDataSources(changes.dataSources).map(
      name => `${DATA_SOURCE_FIELD_PREFIX}${name}`,
    ),
    ...(changes.platformVersion !== undefined ? [PLATFORM_VERSION_FIELD] : []),
    ...(changes.repair ? [REPAIR_FIELD] : []),
  ];
}

/** A one-line summary for titles and logs, e.g. `resource tier medium → large, disable BI Platform`. @public */
export function describeChanges(diff: ChangeRequestDiffEntry[]): string {
  return diff
    .map(entry => {
      if (entry.field === REPAIR_FIELD) {
        return 'repair drifted objects';
      }
      if (entry.field === PLATFORM_VERSION_FIELD) {
        return `platform version ${entry.from || 'unrecorded'} → ${entry.to}`;
      }
      if (isDataSourceField(entry.field)) {
        return describeDataSourceChange(entry);
      }
      const field = changeableFieldAt(entry.field);
      if (field) return describeFieldChange(field, entry.from, entry.to);
      const id = entry.field.replace(/^modules\./, '');
      const title = PLATFORM_MODULES.find(m => m.id === id)?.title ?? id;
      return `${entry.to ? 'enable' : 'disable'} ${title}`;
    })
    .join(', ');
}
