import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import {
  toastApiRef,
  useApi,
  useApiHolder,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { tenantManagePermission } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type TenantDetails } from '../../api/TenantsApi';
import { failedPhaseOf, isRunActive, phaseLabel } from './presentation';
import { ErrorLine } from '../shared/ErrorLine';
import { useSubmission } from '../shared/useSubmission';
import { rollbackPlan } from './rollbackPlan';

/**
 * Whether the signed-in user may retry and roll back this tenant: the
 * Tenant Service's own check (`tenant.manage` on the tenant), asked through
 * the permission framework.
 */
export function useCanManageTenant(tenantId: string): {
  loading: boolean;
  allowed: boolean;
} {
  return usePermission({
    permission: tenantManagePermission,
    resourceRef: tenantId,
  });
}

/**
 * Data sources whose passwords the retry must hand over again: the
 * scaffolder does not keep task secrets across a retry, and until the
 * secrets phase has completed, the passwords are nowhere else.
 */
export function passwordsNeededForRetry(
  tenant: TenantDetails,
): Array<{ name: string; host: string; secret: string }> {
  const secrets = tenant.latestRun?.phases.find(p => p.phaseId === 'secrets');
  if (secrets?.status === 'completed') return [];
  return tenant.spec.dataSources
    .filter(source => source.passwordSecret)
    .map(source => ({
      name: source.name,
      host: `${source.host}:${source.port}`,
      secret: source.passwordSecret!,
    }));
}

/** Retry current phase: the failed scaffolder task runs again from the failed phase. */
export function RetryButton(props: {
  tenant: TenantDetails;
  onDone: () => void;
}) {
  const { tenant, onDone } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [open, setOpen] = useState(false);
  const { busy, error, submit, clearError } = useSubmission();
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  const needed = passwordsNeededForRetry(tenant);
  const failed = failedPhaseOf(tenant);
  const complete = needed.every(n => passwords[n.secret]);

  const close = () => {
    setOpen(false);
    clearError();
    setPasswords({});
  };

  const retry = () =>
    submit(async () => {
      const result = await api.retry(
        tenant.id,
        needed.length ? { secrets: passwords } : {},
      );
      toastApi?.post({
        title: `Retrying ${
          failed ? phaseLabel(failed.phaseId) : 'provisioning'
        }: attempt ${result.run.attempt} started`,
        status: 'success',
        timeout: 5000,
      });
      close();
      onDone();
    });

  return (
    <>
      <Button variant="contained" color="primary" onClick={() => setOpen(true)}>
        Retry current phase
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby="retry-title">
        <DialogTitle id="retry-title">
          Retry {failed ? phaseLabel(failed.phaseId) : 'provisioning'}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            The scaffolder task of attempt {tenant.latestRun?.attempt ?? 1} runs
            again in the same task view. Phases that completed are skipped; the
            failed phase and the ones after it run again.
          </DialogContentText>
          {needed.length > 0 && (
            <>
              <DialogContentText>
                The secrets phase has not completed yet and the scaffolder does
                not keep passwords across a retry: enter the data-source
                passwords again. They are only handed to the task, never stored.
              </DialogContentText>
              {needed.map(source => (
                <TextField
                  key={source.secret}
                  id={`retry-password-${source.name}`}
                  label={`Password of ${source.name} (${source.host})`}
                  type="password"
                  autoComplete="new-password"
                  fullWidth
                  required
                  margin="dense"
                  value={passwords[source.secret] ?? ''}
                  onChange={event =>
                    setPasswords(current => ({
                      ...current,
                      [source.secret]: event.target.value,
                    }))
                  }
                />
              ))}
            </>
          )}
          <ErrorLine message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={retry}
            disabled={busy || !complete}
          >
            {busy ? 'Retrying…' : 'Retry'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * Rollback: a confirmation listing what will be deleted, and, while a run
 * is going, the option (required by the Tenant Service) to cancel its
 * scaffolder task first.
 */
export function RollbackButton(props: {
  tenant: TenantDetails;
  onDone: () => void;
}) {
  const { tenant, onDone } = props;
  const api = useApi(tenantsApiRef);
  const toastApi = useApiHolder().get(toastApiRef);
  const [open, setOpen] = useState(false);
  const [cancel, setCancel] = useState(false);
  const { busy, error, submit, clearError } = useSubmission();
  const active = isRunActive(tenant);
  const plan = rollbackPlan(tenant);

  const close = () => {
    setOpen(false);
    clearError();
    setCancel(false);
  };

  const rollback = () =>
    submit(async () => {
      const result = await api.rollback(tenant.id, active ? { cancel } : {});
      toastApi?.post({
        title: result.started
          ? `Rolling back ${tenant.name}${
              result.cancelledTaskId ? ' (provisioning task cancelled)' : ''
            }`
          : `${tenant.name} is already being rolled back`,
        status: 'info',
        timeout: 5000,
      });
      close();
      onDone();
    });

  return (
    <>
      <Button
        variant="outlined"
        color="secondary"
        onClick={() => setOpen(true)}
      >
        Rollback
      </Button>
      <Dialog
        open={open}
        onClose={close}
        aria-labelledby="rollback-title"
        maxWidth="md"
      >
        <DialogTitle id="rollback-title">
          Roll back tenant {tenant.name}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            This deletes everything provisioned for {tenant.slug}, newest phase
            first. Only objects labelled tenants.dev/tenant={tenant.slug} are
            touched.
          </DialogContentText>
          <ol aria-label="What will be deleted">
            {plan.map(item => (
              <li key={item.title}>
                <strong>{item.title}</strong>: {item.detail}
              </li>
            ))}
          </ol>
          {active && (
            <FormControlLabel
              control={
                <Checkbox
                  checked={cancel}
                  onChange={(_, checked) => setCancel(checked)}
                  color="secondary"
                />
              }
              label={`Cancel the running task first (attempt ${
                tenant.latestRun?.attempt ?? 1
              } is still ${
                tenant.latestRun?.status === 'pending'
                  ? 'pending'
                  : 'in progress'
              })`}
            />
          )}
          <ErrorLine message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Keep the tenant</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={rollback}
            disabled={busy || (active && !cancel)}
          >
            {busy ? 'Rolling back…' : 'Roll back'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
