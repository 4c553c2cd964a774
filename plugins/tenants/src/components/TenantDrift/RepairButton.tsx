import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CHANGE_REASON_MAX_LENGTH,
  tenantChangeRequestCreatePermission,
  tenantRepairPermission,
  type ChangeRequest,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';

/**
 * How the signed-in user may have a drifted tenant repaired: platform admins
 * (`tenant.repair`) start the repair at once; tenant admins (who may file
 * change requests) ask for it in a change request a platform admin approves.
 */
function useRepairMode(tenantId: string): 'repair' | 'request' | undefined {
  const repair = usePermission({
    permission: tenantRepairPermission,
    resourceRef: tenantId,
  });
  const request = usePermission({
    permission: tenantChangeRequestCreatePermission,
    resourceRef: tenantId,
  });
  if (repair.allowed) return 'repair';
  if (request.allowed && !repair.loading) return 'request';
  return undefined;
}

/**
 * "Repair" (or "Request repair") for a drifted tenant, with a confirmation
 * that says what the scaffolder task will do. Nothing is shown to users who
 * may do neither.
 */
export function RepairButton(props: {
  tenantId: string;
  differences: number;
  onStarted: (request: ChangeRequest) => void;
}) {
  const { tenantId, differences, onStarted } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const mode = useRepairMode(tenantId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, submit, clearError } = useSubmission();

  if (!mode) return null;
  const asking = mode === 'request';
  const trimmed = reason.trim();

  const close = () => {
    setOpen(false);
    setReason('');
    clearError();
  };

  const confirm = () =>
    submit(async () => {
      const request = asking
        ? await api.createChangeRequest(tenantId, {
            changes: { repair: true },
            reason: trimmed,
          })
        : await api.repairTenant(tenantId, trimmed ? { reason: trimmed } : {});
      toastApi?.post({
        title: asking
          ? 'Repair requested. A platform admin will review it.'
          : 'Repair started: follow its task log.',
        status: 'success',
        timeout: 5000,
      });
      close();
      onStarted(request);
    });

  return (
    <>
      <Button variant="contained" color="primary" onClick={() => setOpen(true)}>
        {asking ? 'Request repair' : 'Repair'}
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby="repair-title">
        <DialogTitle id="repair-title">
          {asking
            ? 'Request a repair?'
            : `Repair ${differences} difference(s)?`}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            A scaffolder task applies the tenant's objects again as its spec
            says and removes the objects with the tenant's labels that no phase
            creates; then the tenant is checked again. The spec does not change.
            {asking &&
              ' A platform admin reviews the request first; you can follow it on the Change requests tab.'}
          </DialogContentText>
          <TextField
            id="repair-reason"
            label={asking ? 'Reason' : 'Reason (optional)'}
            required={asking}
            fullWidth
            multiline
            margin="dense"
            inputProps={{ maxLength: CHANGE_REASON_MAX_LENGTH }}
            value={reason}
            onChange={event => setReason(event.target.value)}
          />
          <ErrorLine message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={confirm}
            disabled={busy || (asking && !trimmed)}
          >
            {busy && 'Starting…'}
            {!busy && (asking ? 'Request repair' : 'Repair now')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
