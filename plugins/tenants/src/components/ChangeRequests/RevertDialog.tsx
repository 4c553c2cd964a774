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
import { describeChanges } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type ChangeRequest } from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';

/**
 * Gives a failed change request up: it becomes `reverted`, and a repair
 * (applied at once, by a scaffolder task) puts the tenant's objects back as
 * its spec and platform version were before the request. The comment is
 * optional.
 */
export function RevertDialog(props: {
  request: ChangeRequest;
  onClose: () => void;
  onReverted: () => void;
}) {
  const { request, onClose, onReverted } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [comment, setComment] = useState('');
  const { busy, error, submit } = useSubmission();

  const revert = () =>
    submit(async () => {
      await api.revertChangeRequest(request.id, {
        comment: comment.trim() || undefined,
      });
      toastApi?.post({
        title: `Reverting ${request.tenantName}: follow the repair in the change requests`,
        status: 'success',
        timeout: 5000,
      });
      onReverted();
      onClose();
    });

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="change-revert-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="change-revert-title">
        Revert the failed change to {request.tenantName}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          The request ({describeChanges(request.diff)}) is given up and marked
          reverted. A repair, applied at once by a scaffolder task, puts the
          tenant's objects back as they were before it.
        </DialogContentText>
        <TextField
          id="change-revert-comment"
          label="Comment (optional)"
          fullWidth
          multiline
          minRows={2}
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{ maxLength: 2000 }}
        />
        <ErrorLine message={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={revert}
          disabled={busy}
        >
          {busy ? 'Reverting…' : 'Revert'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
