import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import {
  startRolloutSchema,
  type PlatformVersionsResponse,
  type StartRollout,
} from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type RolloutDetail,
  type TenantListItem,
} from '../../api/TenantsApi';
import { describeError, serviceFieldErrors } from '../../shared/errors';
import { ErrorLine } from '../shared/ErrorLine';

/** The fields of the form, by the name the Tenant Service gives them. */
const FIELDS = [
  'targetVersion',
  'tenantIds',
  'waveSize',
  'pauseSeconds',
  'maxFailures',
  'reason',
] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

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

interface FormValues {
  targetVersion: string;
  scope: 'all' | 'selected';
  waveSize: string;
  pauseSeconds: string;
  maxFailures: string;
  reason: string;
}

const DEFAULTS: Omit<FormValues, 'targetVersion'> = {
  scope: 'all',
  waveSize: '5',
  pauseSeconds: '60',
  maxFailures: '1',
  reason: '',
};

const asNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The request the form asks for, or the problems of each field. */
function requestOf(
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

/** Tenants searched by name or slug, by name, for the selection. */
function useTenantSearch(search: string) {
  const api = useApi(tenantsApiRef);
  return useAsync(
    async () =>
      api.listTenants({
        search: search || undefined,
        limit: 100,
        orderBy: 'name',
        order: 'asc',
      }),
    [api, search],
  );
}

/**
 * Choose the tenants to upgrade, searched by name or slug on the server:
 * those that do not run the target version (a rollout may target any
 * declared version, also one newer than the version in force); those on it
 * are listed disabled.
 */
function TenantSelection(props: {
  targetVersion: string;
  selected: Map<string, TenantListItem>;
  onChange: (selected: Map<string, TenantListItem>) => void;
  error?: string;
}) {
  const { targetVersion, selected, onChange, error } = props;
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchInput.trim()), 300, [searchInput]);
  const found = useTenantSearch(search);
  // The chosen tenants stay listed (first) whatever the search finds.
  const shown = [
    ...selected.values(),
    ...(found.value?.items ?? []).filter(t => !selected.has(t.id)),
  ];
  const toggle = (tenant: TenantListItem, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(tenant.id, tenant);
    else next.delete(tenant.id);
    onChange(next);
  };
  return (
    <Box ml={4}>
      <TextField
        id="start-rollout-tenant-search"
        label="Find tenants"
        placeholder="Name or slug"
        size="small"
        margin="dense"
        value={searchInput}
        onChange={e => setSearchInput(e.target.value)}
      />
      {found.loading && <Progress />}
      {found.error && (
        <ErrorLine
          message={`Could not list the tenants: ${describeError(found.error)}`}
        />
      )}
      <FormControl component="fieldset" error={Boolean(error)}>
        <FormGroup aria-label="Tenants to upgrade">
          {shown.map(tenant => {
            const onTarget = tenant.platformVersion === targetVersion;
            const version = tenant.platformVersion ?? 'an unrecorded version';
            return (
              <FormControlLabel
                key={tenant.id}
                disabled={onTarget}
                control={
                  <Checkbox
                    checked={selected.has(tenant.id)}
                    onChange={e => toggle(tenant, e.target.checked)}
                  />
                }
                label={`${tenant.name} (${tenant.slug}, ${
                  onTarget ? 'already on' : 'on'
                } ${version})`}
              />
            );
          })}
        </FormGroup>
        {found.value && shown.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No tenant matches.
          </Typography>
        )}
        <FormHelperText>{error ?? `${selected.size} selected`}</FormHelperText>
      </FormControl>
    </Box>
  );
}

function NumberField(props: {
  field: Field;
  label: string;
  value: string;
  error?: string;
  helperText: string;
  min: number;
  onChange: (value: string) => void;
}) {
  const { field, label, value, error, helperText, min, onChange } = props;
  return (
    <TextField
      id={`start-rollout-${field}`}
      label={label}
      type="number"
      required
      margin="dense"
      style={{ minWidth: 240 }}
      inputProps={{ min, step: 1 }}
      value={value}
      error={Boolean(error)}
      helperText={error ?? helperText}
      onChange={e => onChange(e.target.value)}
    />
  );
}

/**
 * Starts a rollout: the target version (any declared one, the one in force
 * by default), all tenants behind it or a selection of tenants not on it, the wave size, the pause between waves,
 * after how many failures it stops, and a reason. The Tenant Service's
 * refusal is shown next to the field it names.
 */
export function StartRolloutDialog(props: {
  open: boolean;
  platform?: PlatformVersionsResponse;
  onClose: () => void;
  onStarted: (rollout: RolloutDetail) => void;
}) {
  const { open, platform, onClose, onStarted } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [values, setValues] = useState<FormValues>({
    targetVersion: platform?.current ?? '',
    ...DEFAULTS,
  });
  const [selected, setSelected] = useState(
    () => new Map<string, TenantListItem>(),
  );
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [attempted, setAttempted] = useState(false);

  const inForce = platform?.current;
  useEffect(() => {
    if (open) {
      setValues({ targetVersion: inForce ?? '', ...DEFAULTS });
      setSelected(new Map());
      setServerErrors({});
      setGeneral(undefined);
      setAttempted(false);
    }
  }, [open, inForce]);

  const set = (field: keyof FormValues) => (value: string) => {
    setValues(current => ({ ...current, [field]: value }));
    if (field !== 'scope') {
      setServerErrors(current => ({ ...current, [field]: undefined }));
    }
  };
  // Tenants already on a newly chosen target are no longer upgraded.
  useEffect(() => {
    setSelected(current =>
      [...current.values()].some(
        t => t.platformVersion === values.targetVersion,
      )
        ? new Map(
            [...current].filter(
              ([, t]) => t.platformVersion !== values.targetVersion,
            ),
          )
        : current,
    );
  }, [values.targetVersion]);
  const selectedIds = useMemo(() => [...selected.keys()], [selected]);
  const { request, errors: formErrors } = requestOf(values, selectedIds);
  // A missing selection is only pointed out once "Start rollout" was pressed.
  const shownFormErrors =
    attempted || !formErrors.tenantIds
      ? formErrors
      : { ...formErrors, tenantIds: undefined };
  const errorOf = (field: Field) =>
    serverErrors[field] ?? shownFormErrors[field];

  const versions = [...(platform?.versions ?? [])].reverse();
  const waveSize = asNumber(values.waveSize);
  // How many tenants the rollout would upgrade, when known here.
  let count: number | undefined;
  if (values.scope === 'selected') count = selected.size;
  else if (platform && values.targetVersion === platform.current) {
    count = platform.tenantsBehind;
  }

  const start = async () => {
    setAttempted(true);
    if (!request) return;
    setBusy(true);
    setGeneral(undefined);
    setServerErrors({});
    try {
      const rollout = await api.startRollout(request);
      toastApi?.post({
        title: `Rollout to ${rollout.targetVersion} started: ${rollout.waves} wave(s)`,
        status: 'success',
        timeout: 5000,
      });
      onStarted(rollout);
      onClose();
    } catch (e) {
      const refusal = startErrors(e);
      setServerErrors(refusal.fields);
      setGeneral(refusal.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="start-rollout-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="start-rollout-title">Start a rollout</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Each tenant is upgraded by a change request, approved at once and
          applied by a scaffolder task; the tenants go in waves, and the rollout
          stops when too many fail.
        </DialogContentText>
        <TextField
          id="start-rollout-targetVersion"
          select
          fullWidth
          margin="dense"
          label="Target version"
          value={values.targetVersion}
          onChange={e => set('targetVersion')(e.target.value)}
          error={Boolean(errorOf('targetVersion'))}
          helperText={errorOf('targetVersion')}
        >
          {versions.map(v => (
            <MenuItem key={v.version} value={v.version}>
              {v.version}
              {v.current ? ' (in force)' : ''}
            </MenuItem>
          ))}
        </TextField>
        <FormControl component="fieldset" margin="normal" fullWidth>
          <FormLabel component="legend">Tenants</FormLabel>
          <RadioGroup
            aria-label="Tenants"
            value={values.scope}
            onChange={e => set('scope')(e.target.value)}
          >
            <FormControlLabel
              value="all"
              control={<Radio />}
              label={`All tenants behind ${values.targetVersion}${
                platform && values.targetVersion === platform.current
                  ? ` (${platform.tenantsBehind})`
                  : ''
              }`}
            />
            <FormControlLabel
              value="selected"
              control={<Radio />}
              label="Selected tenants"
            />
          </RadioGroup>
          {values.scope === 'all' && errorOf('tenantIds') && (
            <FormHelperText error>{errorOf('tenantIds')}</FormHelperText>
          )}
        </FormControl>
        {values.scope === 'selected' && (
          <TenantSelection
            targetVersion={values.targetVersion}
            selected={selected}
            onChange={next => {
              setSelected(next);
              setServerErrors(current => ({
                ...current,
                tenantIds: undefined,
              }));
            }}
            error={errorOf('tenantIds')}
          />
        )}
        <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
          <NumberField
            field="waveSize"
            label="Wave size"
            min={1}
            value={values.waveSize}
            error={errorOf('waveSize')}
            helperText="Tenants upgraded at the same time"
            onChange={set('waveSize')}
          />
          <NumberField
            field="pauseSeconds"
            label="Pause between waves (seconds)"
            min={0}
            value={values.pauseSeconds}
            error={errorOf('pauseSeconds')}
            helperText="From the end of a wave to the next"
            onChange={set('pauseSeconds')}
          />
          <NumberField
            field="maxFailures"
            label="Stop after failures"
            min={1}
            value={values.maxFailures}
            error={errorOf('maxFailures')}
            helperText="The rollout stops when this many tenants failed"
            onChange={set('maxFailures')}
          />
        </Box>
        <TextField
          id="start-rollout-reason"
          label="Reason (optional)"
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          inputProps={{ maxLength: 2000 }}
          value={values.reason}
          error={Boolean(errorOf('reason'))}
          helperText={
            errorOf('reason') ?? 'Recorded on each tenant’s change request'
          }
          onChange={e => set('reason')(e.target.value)}
        />
        {count !== undefined && waveSize >= 1 && (
          <FormHelperText data-testid="rollout-summary">
            Upgrades {count} tenant(s) to {values.targetVersion || '—'} in{' '}
            {Math.ceil(count / Math.floor(waveSize))} wave(s).
          </FormHelperText>
        )}
        <ErrorLine message={general} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={start}
          disabled={busy || !platform}
        >
          {busy ? 'Starting…' : 'Start rollout'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
