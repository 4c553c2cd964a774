import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  tenantChangeRequestCreatePermission,
  type Tenant,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { isVersionBehind } from '../Rollouts/presentation';
import { UpgradePreviewDialog } from './UpgradePreviewDialog';
import { usePlatformVersions } from './usePlatformVersions';

/**
 * The Tenant tab's platform version: the one the tenant runs and its images
 * and, when it is older than the version in force, "Preview upgrade" (what
 * the upgrade would change on the cluster), for users who may request
 * changes to the tenant.
 */
export function PlatformVersionCard(props: {
  tenant: Pick<Tenant, 'id' | 'name' | 'platformVersion' | 'state'>;
}) {
  const { tenant } = props;
  const platform = usePlatformVersions();
  const mayPreview = usePermission({
    permission: tenantChangeRequestCreatePermission,
    resourceRef: tenant.id,
  });
  const [previewing, setPreviewing] = useState(false);
  const versions = platform.value;
  const behind = isVersionBehind(tenant.platformVersion, versions);
  const running = versions?.versions.find(
    v => v.version === tenant.platformVersion,
  );
  const images = Object.entries(running?.images ?? {});

  let verdict = '';
  if (behind && versions) {
    verdict = `Behind: version ${versions.current} is in force; a rollout upgrades the tenant.`;
  } else if (versions && tenant.platformVersion === versions.current) {
    verdict = 'The version in force.';
  }

  return (
    <InfoCard
      title="Platform version"
      subheader="The images and render defaults the tenant's objects are applied with"
      action={
        behind &&
        versions &&
        mayPreview.allowed &&
        tenant.state === 'ready' && (
          <Button
            variant="outlined"
            color="primary"
            onClick={() => setPreviewing(true)}
          >
            Preview upgrade
          </Button>
        )
      }
    >
      <Typography
        variant="body1"
        gutterBottom
        data-testid="tenant-platform-version"
      >
        Runs platform version {tenant.platformVersion ?? '(unrecorded)'}.{' '}
        {verdict}
      </Typography>
      {images.length > 0 && (
        <Table size="small" aria-label="Images of the platform version">
          <TableHead>
            <TableRow>
              <TableCell>Image</TableCell>
              <TableCell>Reference</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {images.map(([name, ref]) => (
              <TableRow key={name}>
                <TableCell>{name}</TableCell>
                <TableCell>
                  <code>{ref}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {previewing && versions && (
        <UpgradePreviewDialog
          tenant={tenant}
          targetVersion={versions.current}
          onClose={() => setPreviewing(false)}
        />
      )}
    </InfoCard>
  );
}
