import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { tenantsApiRef, type ChangeRequest } from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { decisionBlocker } from './presentation';
import { RevertDialog } from './RevertDialog';
import type { DecisionRights } from './useDecisionRights';

/**
 * What the signed-in user may do with a request: approve or reject a
 * pending one (platform admins, never their own), retry or revert a failed
 * one; else a line saying who acts next.
 */
export function ChangeRequestActions(props: {
  request: ChangeRequest;
  rights: DecisionRights;
  onChanged: () => void;
}) {
  const { request, rights, onChanged } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [decision, setDecision] = useState<Decision>();
  const [reverting, setReverting] = useState(false);
  const { busy: retrying, error, submit } = useSubmission();

  if (rights.loading) return null;

  const retry = () =>
    submit(async () => {
      await api.retryChangeRequest(request.id);
      toastApi?.post({
        title: `Applying the change to ${request.tenantName} again`,
        status: 'success',
        timeout: 5000,
      });
      onChanged();
    });

  if (request.status === 'failed' && rights.canApprove) {
    return (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          onClick={retry}
          disabled={retrying}
        >
          Retry applying
        </Button>
        <Button
          variant="outlined"
          onClick={() => setReverting(true)}
          disabled={retrying}
        >
          Revert
        </Button>
        <ErrorLine message={error} />
        {reverting && (
          <RevertDialog
            request={request}
            onClose={() => setReverting(false)}
            onReverted={onChanged}
          />
        )}
      </Box>
    );
  }
  if (request.status !== 'pending') return null;

  const blocker = decisionBlocker(request, rights);
  if (blocker) {
    return (
      <Typography variant="body2" color="textSecondary">
        {rights.canApprove ? blocker : 'Waiting for a platform admin to decide'}
      </Typography>
    );
  }
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        variant="contained"
        color="primary"
        onClick={() => setDecision('approve')}
      >
        Approve
      </Button>
      <Button variant="outlined" onClick={() => setDecision('reject')}>
        Reject
      </Button>
      {decision && (
        <DecisionDialog
          request={request}
          decision={decision}
          onClose={() => setDecision(undefined)}
          onDecided={onChanged}
        />
      )}
    </Box>
  );
}
