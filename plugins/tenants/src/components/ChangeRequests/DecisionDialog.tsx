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

export type Decision = 'approve' | 'reject';

/**
 * Approve (comment optional; starts the change's scaffolder task on the
 * approver's behalf) or reject (a comment tells the requester why).
 */
export function DecisionDialog(props: {
  request: ChangeRequest;
  decision: Decision;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { request, decision, onClose, onDecided } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [comment, setComment] = useState('');
  const { busy, error, submit } = useSubmission();
  const approving = decision === 'approve';
  const summary = describeChanges(request.diff);

  const decide = () =>
    submit(async () => {
      if (approving) {
        await api.approveChangeRequest(request.id, {
          comment: comment.trim() || undefined,
        });
      } else {
        await api.rejectChangeRequest(request.id, { comment: comment.trim() });
      }
      toastApi?.post({
        title: approving
          ? `Approved: applying ${summary} to ${request.tenantName}`
          : `Rejected the change request of ${request.tenantName}`,
        status: 'success',
        timeout: 5000,
      });
      onDecided();
      onClose();
    });

  const title = `${approving ? 'Approve' : 'Reject'} the change to ${
    request.tenantName
  }?`;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="change-decision-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="change-decision-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {summary}, requested by {request.requestedBy}: “{request.reason}”
        </DialogContentText>
        {approving && (
          <DialogContentText>
            Approving starts a scaffolder task on your behalf that applies the
            change to the tenant’s cluster.
          </DialogContentText>
        )}
        <TextField
          id="change-decision-comment"
          label="Comment"
          required={!approving}
          fullWidth
          multiline
          minRows={2}
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{ maxLength: 2000 }}
          helperText={
            approving
              ? 'Optional; the requester sees it'
              : 'Tell the requester why'
          }
        />
        <ErrorLine message={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={approving ? 'primary' : 'secondary'}
          variant="contained"
          onClick={decide}
          disabled={busy || (!approving && comment.trim().length === 0)}
        >
          {approving ? 'Approve' : 'Reject'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
