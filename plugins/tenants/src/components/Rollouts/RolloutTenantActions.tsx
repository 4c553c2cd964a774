import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  tenantsApiRef,
  type RolloutDetail,
  type RolloutTenant,
} from '../../api/TenantsApi';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';

/**
 * For a tenant whose upgrade failed: Retry (its upgrade task runs again) or
 * "Return to <fromVersion>" (the upgrade is given up and the tenant's
 * objects are applied again with its previous version), after a
 * confirmation.
 */
export function RolloutTenantActions(props: {
  rolloutId: string;
  tenant: RolloutTenant;
  onChanged: (rollout: RolloutDetail) => void;
}) {
  const { rolloutId, tenant, onChanged } = props;
  const api = useApi(tenantsApiRef);
  const { busy, error, submit, clearError } = useSubmission();
  const [confirming, setConfirming] = useState(false);

  if (tenant.state !== 'failed') return null;
  const returnLabel = `Return to ${tenant.fromVersion}`;
  const closeConfirmation = () => {
    setConfirming(false);
    clearError();
  };
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Button
        size="small"
        variant="contained"
        color="primary"
        disabled={busy}
        onClick={() =>
          submit(async () =>
            onChanged(await api.retryRolloutTenant(rolloutId, tenant.tenantId)),
          )
        }
      >
        Retry
      </Button>
      <Button
        size="small"
        variant="outlined"
        disabled={busy}
        onClick={() => setConfirming(true)}
      >
        {returnLabel}
      </Button>
      {!confirming && <ErrorLine message={error} />}
      <Dialog
        open={confirming}
        onClose={closeConfirmation}
        aria-labelledby={`revert-${tenant.tenantId}-title`}
      >
        <DialogTitle id={`revert-${tenant.tenantId}-title`}>
          Return {tenant.tenantName} to {tenant.fromVersion}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            The failed upgrade is given up (its change request is marked
            reverted), and a repair applies the tenant's objects again with
            platform version {tenant.fromVersion}. The tenant stays behind until
            a later rollout upgrades it.
          </DialogContentText>
          <ErrorLine message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={closeConfirmation} disabled={busy}>
            Back
          </Button>
          <Button
            color="secondary"
            variant="contained"
            disabled={busy}
            onClick={() =>
              submit(async () => {
                onChanged(
                  await api.revertRolloutTenant(rolloutId, tenant.tenantId),
                );
                setConfirming(false);
              })
            }
          >
            {returnLabel}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
