import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
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
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import {
  CHANGE_REASON_MAX_LENGTH,
  describeChanges,
  effectiveChanges,
  PLATFORM_MODULES,
  RESOURCE_TIERS,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { policyProblem } from '../../shared/policy';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';
import { changesOf, formValuesOf, type ChangeFormValues } from './presentation';

/**
 * The tenant admin's form: another resource tier and/or modules switched on
 * or off, with a reason. Tiers the tenant's billing tier does not allow are
 * offered disabled, with the policy's reason; the Tenant Service checks the
 * request again (policy, no-op, conflicting open requests) and its refusal
 * is shown as it is.
 */
export function RequestChangeDialog(props: {
  tenant: Tenant;
  open: boolean;
  onClose: () => void;
  onFiled: () => void;
}) {
  const { tenant, open, onClose, onFiled } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const policy = useAsync(() => api.getPolicy(), [api]);
  const [values, setValues] = useState<ChangeFormValues>(() =>
    formValuesOf(tenant.spec),
  );
  const [reason, setReason] = useState('');
  const { busy, error, submit: run, clearError } = useSubmission();

  useEffect(() => {
    if (open) {
      setValues(formValuesOf(tenant.spec));
      setReason('');
      clearError();
    }
  }, [open, tenant.spec, clearError]);

  const changes = changesOf(tenant.spec, values);
  const summary = changes
    ? describeChanges(effectiveChanges(tenant.spec, changes).diff)
    : undefined;
  const tierProblem = (tier: string) =>
    policy.value
      ? policyProblem(
          policy.value,
          tenant.spec.details.billingTier,
          'resourceTier',
          tier,
        )
      : undefined;
  const reasonMissing = reason.trim().length === 0;

  const submit = () =>
    run(async () => {
      if (!changes) return;
      await api.createChangeRequest(tenant.id, {
        changes,
        reason: reason.trim(),
      });
      toastApi?.post({
        title: `Change request filed: ${summary}. A platform admin will review it.`,
        status: 'success',
        timeout: 5000,
      });
      onFiled();
      onClose();
    });

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="request-change-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="request-change-title">
        Request a change to {tenant.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          A platform admin reviews the request; once approved, the change is
          applied by a scaffolder task whose log you can follow here.
        </DialogContentText>
        <FormControl fullWidth margin="normal">
          <InputLabel id="request-change-tier">Resource tier</InputLabel>
          <Select
            labelId="request-change-tier"
            value={values.resourceTier}
            onChange={e =>
              setValues({
                ...values,
                resourceTier: e.target
                  .value as ChangeFormValues['resourceTier'],
              })
            }
          >
            {RESOURCE_TIERS.map(tier => {
              const problem = tierProblem(tier);
              return (
                <MenuItem key={tier} value={tier} disabled={Boolean(problem)}>
                  {tier.charAt(0).toUpperCase() + tier.slice(1)}
                  {tier === tenant.spec.infrastructure.resourceTier
                    ? ' (current)'
                    : ''}
                  {problem ? ` — ${problem}` : ''}
                </MenuItem>
              );
            })}
          </Select>
        </FormControl>
        <FormControl component="fieldset" margin="normal">
          <FormLabel component="legend">Modules</FormLabel>
          <FormGroup>
            {PLATFORM_MODULES.map(module => (
              <FormControlLabel
                key={module.id}
                control={
                  <Checkbox
                    checked={values.modules[module.id]}
                    onChange={e =>
                      setValues({
                        ...values,
                        modules: {
                          ...values.modules,
                          [module.id]: e.target.checked,
                        },
                      })
                    }
                  />
                }
                label={`${module.title} — ${module.description}`}
              />
            ))}
          </FormGroup>
        </FormControl>
        <TextField
          id="request-change-reason"
          label="Reason"
          required
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: CHANGE_REASON_MAX_LENGTH }}
          helperText={`Why the tenant needs this change (${reason.length}/${CHANGE_REASON_MAX_LENGTH})`}
        />
        <FormHelperText data-testid="change-summary">
          {summary
            ? `Requested: ${summary}`
            : 'Choose another resource tier or switch a module on or off.'}
        </FormHelperText>
        <ErrorLine message={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={busy || !changes || reasonMissing}
        >
          File request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
