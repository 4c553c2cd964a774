import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormHelperText from '@material-ui/core/FormHelperText';
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
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';
import { ChangePreviewPanel } from './ChangePreviewPanel';
import {
  allowedCidrsProblem,
  DetailsFields,
  InfrastructureFields,
  ModuleFields,
  SecurityFields,
} from './ChangeFormFields';
import { DataSourceFields } from './DataSourceFields';
import { changesOf, formValuesOf, type ChangeFormValues } from './presentation';
import { useChangePreview } from './useChangePreview';

/**
 * The tenant admin's form: any changeable field (infrastructure and billing,
 * modules, security, details) with a reason; only what differs from the
 * tenant's spec is asked for. Data sources are listed with links to the
 * template `tenant-data-source-change`, which keeps their passwords out of
 * change requests. Choices the billing tier does not allow are
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
  const fieldProps = {
    spec: tenant.spec,
    values,
    onChange: setValues,
    policy: policy.value,
  };
  const invalid = Boolean(allowedCidrsProblem(values.allowedCidrs));
  const changesKey = JSON.stringify(changes ?? null);
  const fetchPreview = useCallback(
    () => api.previewChanges(tenant.id, JSON.parse(changesKey)),
    [api, tenant.id, changesKey],
  );
  const preview = useChangePreview(changesKey, fetchPreview);
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
        <InfrastructureFields {...fieldProps} />
        <ModuleFields {...fieldProps} />
        <SecurityFields {...fieldProps} />
        <DetailsFields {...fieldProps} />
        <DataSourceFields spec={tenant.spec} />
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
            : 'Change any field above; fields left as they are stay.'}
        </FormHelperText>
        {changes && !invalid && (
          <Button
            size="small"
            onClick={preview.load}
            disabled={preview.loading}
          >
            Preview on the cluster
          </Button>
        )}
        <ChangePreviewPanel {...preview} />
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
          disabled={busy || !changes || invalid || reasonMissing}
        >
          File request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
