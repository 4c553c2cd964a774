import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ChangeRequest } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  tenantsApiRef,
  type TenantDriftReport,
  type TenantLastDriftCheck,
} from '../../api/TenantsApi';
import { DriftDifferencesTable } from './DriftDifferencesTable';
import { RepairButton } from './RepairButton';

const useStyles = makeStyles(theme => ({
  actions: { display: 'flex', gap: theme.spacing(1) },
}));

function verdict(report: TenantDriftReport): string {
  switch (report.state) {
    case 'in_sync':
      return 'In sync: every object matches what the phases apply.';
    case 'drifted':
      return `Drifted: ${report.differences.length} difference(s).`;
    default:
      return `Unknown: ${report.reason}`;
  }
}

function LastCheck(props: { report: TenantLastDriftCheck }) {
  const { report } = props;
  if (report.state === 'unchecked') {
    return (
      <Typography variant="body2" color="textSecondary">
        Not checked yet.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body1" gutterBottom>
        {verdict(report)}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Checked {new Date(report.checkedAt).toLocaleString()} on cluster{' '}
        {report.cluster}.
      </Typography>
      {report.state === 'drifted' && (
        <DriftDifferencesTable
          title="Differences"
          differences={report.differences}
        />
      )}
    </>
  );
}

/** The repair just started or requested from this card. */
function RepairStarted(props: { request: ChangeRequest }) {
  const { request } = props;
  if (request.status === 'pending') {
    return (
      <Typography variant="body2" paragraph>
        Repair requested (change request {request.id}): a platform admin reviews
        it on the Change requests tab.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" paragraph>
      Repair started (change request {request.id}).{' '}
      {request.scaffolderTaskId && (
        <Link to={`/create/tasks/${request.scaffolderTaskId}`}>
          Open the task log
        </Link>
      )}{' '}
      Once it is applied, the tenant is checked again and shown here.
    </Typography>
  );
}

/**
 * Whether the tenant's objects on its cluster still are what its phases
 * apply: its last check (scheduled or on demand) with the differences,
 * "Check now" to check again and, when drifted, a repair.
 */
export function TenantDriftCard(props: {
  tenantId: string;
  /** When the tenant last changed: its last check is read again then (a change re-checks it). */
  updatedAt?: string;
}) {
  const { tenantId, updatedAt } = props;
  const api = useApi(tenantsApiRef);
  const classes = useStyles();
  const last = useAsync(
    () => api.getDrift(tenantId),
    [api, tenantId, updatedAt],
  );
  const [checked, setChecked] = useState<TenantDriftReport>();
  const [checkError, setCheckError] = useState<Error>();
  const [checking, setChecking] = useState(false);
  const [repair, setRepair] = useState<ChangeRequest>();

  const check = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      setChecked(await api.checkDrift(tenantId));
      setRepair(undefined);
    } catch (e) {
      setCheckError(e as Error);
    } finally {
      setChecking(false);
    }
  };

  // A check made here is newer than the last one read, until it is read again.
  useEffect(() => setChecked(undefined), [updatedAt]);
  const report = checked ?? last.value;
  const error = checkError ?? (checked ? undefined : last.error);

  return (
    <InfoCard
      title="Drift"
      subheader="The tenant's objects on its cluster against what its phases apply"
      action={
        <div className={classes.actions}>
          {report?.state === 'drifted' && !repair && (
            <RepairButton
              tenantId={tenantId}
              differences={report.differences.length}
              onStarted={setRepair}
            />
          )}
          <Button
            variant="outlined"
            color="primary"
            onClick={check}
            disabled={checking}
          >
            {checking ? 'Checking…' : 'Check now'}
          </Button>
        </div>
      }
    >
      {error && <ResponseErrorPanel error={error} />}
      {repair && <RepairStarted request={repair} />}
      {last.loading && !checked && <Progress />}
      {report && <LastCheck report={report} />}
    </InfoCard>
  );
}
