import { useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import type { PlatformVersionsResponse } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type RolloutDetail,
  type TenantListItem,
} from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import {
  asNumber,
  DEFAULTS,
  requestOf,
  startErrors,
  type Field,
  type FieldErrors,
  type FormValues,
} from './startRolloutForm';
import { TenantSelection } from './TenantSelection';

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
