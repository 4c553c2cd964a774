import useAsync from 'react-use/esm/useAsync';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  describeChanges,
  diffTenantSpecs,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { shortRef } from './presentation';

/** The tenant's spec versions, newest first: what each set and changed, who and when. */
export function SpecVersions(props: {
  tenantId: string;
  specVersion?: number;
}) {
  const { tenantId, specVersion } = props;
  const api = useApi(tenantsApiRef);
  // Re-read when the tenant reaches a new version.
  const versions = useAsync(
    () => api.listSpecVersions(tenantId),
    [api, tenantId, specVersion],
  );
  return (
    <InfoCard title="Spec versions">
      {versions.error && (
        <Typography color="error" role="alert">
          {describeError(versions.error)}
        </Typography>
      )}
      <Table size="small" aria-label="Spec versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Resource tier</TableCell>
            <TableCell>Modules</TableCell>
            <TableCell>Changes</TableCell>
            <TableCell>By</TableCell>
            <TableCell>When</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(versions.value?.items ?? []).map((v, index, items) => (
            <TableRow key={v.version}>
              <TableCell>
                {v.version}
                {v.version === specVersion ? ' (current)' : ''}
              </TableCell>
              <TableCell>{v.spec.infrastructure.resourceTier}</TableCell>
              <TableCell>
                {Object.entries(v.spec.modules)
                  .filter(([, on]) => on)
                  .map(([id]) => id)
                  .join(', ')}
              </TableCell>
              <TableCell>
                {items[index + 1]
                  ? describeChanges(
                      diffTenantSpecs(items[index + 1].spec, v.spec),
                    )
                  : 'registered'}
              </TableCell>
              <TableCell>{shortRef(v.createdBy)}</TableCell>
              <TableCell>{new Date(v.createdAt).toLocaleString()}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
