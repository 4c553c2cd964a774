import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef, type RolloutDetail } from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';

/**
 * Pause, Resume and Cancel of a rollout, as its state allows: a running
 * rollout pauses, a paused or stopped one resumes, any unfinished one is
 * cancelled after a confirmation. The Tenant Service's refusal (e.g. a
 * rollout that completed meanwhile) is shown beside them.
 */
export function RolloutControls(props: {
  rollout: RolloutDetail;
  onChanged: (rollout: RolloutDetail) => void;
}) {
  const { rollout, onChanged } = props;
  const api = useApi(tenantsApiRef);
  const { busy, error, submit, clearError } = useSubmission();
  const [confirming, setConfirming] = useState(false);
  const { state } = rollout;

  const act = (call: (id: string) => Promise<RolloutDetail>) =>
    submit(async () => onChanged(await call(rollout.id)));

  if (state === 'completed' || state === 'cancelled') {
    return <ErrorLine message={error} />;
  }
  const closeConfirmation = () => {
    setConfirming(false);
    clearError();
  };
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      {state === 'running' && (
        <Button
          variant="outlined"
          onClick={() => act(id => api.pauseRollout(id))}
          disabled={busy}
        >
          Pause
        </Button>
      )}
      {(state === 'paused' || state === 'stopped') && (
        <Button
          variant="contained"
          color="primary"
          onClick={() => act(id => api.resumeRollout(id))}
          disabled={busy}
        >
          Resume
        </Button>
      )}
      <Button
        variant="outlined"
        onClick={() => setConfirming(true)}
        disabled={busy}
      >
        Cancel
      </Button>
      {!confirming && <ErrorLine message={error} />}
      <Dialog
        open={confirming}
        onClose={closeConfirmation}
        aria-labelledby="cancel-rollout-title"
      >
        <DialogTitle id="cancel-rollout-title">
          Cancel the rollout to {rollout.targetVersion}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Tenants not started yet are skipped and stay on their version;
            upgrades already started finish. A cancelled rollout cannot be
            resumed.
          </DialogContentText>
          <ErrorLine message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={closeConfirmation} disabled={busy}>
            Keep rolling out
          </Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={busy}
            onClick={() =>
              submit(async () => {
                onChanged(await api.cancelRollout(rollout.id));
                setConfirming(false);
              })
            }
          >
            Cancel rollout
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
