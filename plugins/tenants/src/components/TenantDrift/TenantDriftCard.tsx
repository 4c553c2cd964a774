import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DriftDifference } from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef, type TenantDriftReport } from '../../api/TenantsApi';
import { describeDifference } from './describeDifference';

const columns: TableColumn<DriftDifference>[] = [
  { title: 'Object', field: 'object' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Difference', render: describeDifference },
];

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

/**
 * Checks, when asked, whether the tenant's objects on its cluster still are
 * what its phases apply, and lists the differences.
 */
export function TenantDriftCard(props: { tenantId: string }) {
  const api = useApi(tenantsApiRef);
  const [report, setReport] = useState<TenantDriftReport>();
  const [error, setError] = useState<Error>();
  const [checking, setChecking] = useState(false);

  const check = async () => {
    setChecking(true);
    setError(undefined);
    try {
      setReport(await api.checkDrift(props.tenantId));
    } catch (e) {
      setError(e as Error);
    } finally {
      setChecking(false);
    }
  };

  return (
    <InfoCard
      title="Drift"
      subheader="The tenant's objects on its cluster against what its phases apply"
      action={
        <Button
          variant="outlined"
          color="primary"
          onClick={check}
          disabled={checking}
        >
          {checking ? 'Checking…' : 'Check now'}
        </Button>
      }
    >
      {error && <ResponseErrorPanel error={error} />}
      {!report && !error && (
        <Typography variant="body2" color="textSecondary">
          Not checked yet.
        </Typography>
      )}
      {report && (
        <>
          <Typography variant="body1" gutterBottom>
            {verdict(report)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            Checked {new Date(report.checkedAt).toLocaleString()} on cluster{' '}
            {report.cluster}.
          </Typography>
          {report.state === 'drifted' && (
            <Table
              title="Differences"
              options={{ paging: false, search: false, padding: 'dense' }}
              columns={columns}
              data={report.differences}
            />
          )}
        </>
      )}
    </InfoCard>
  );
}
