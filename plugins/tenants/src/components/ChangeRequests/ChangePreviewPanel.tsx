import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import type { ChangePreview } from '@tenant-platform/backstage-plugin-tenants-common';
import { DriftDifferencesTable } from '../TenantDrift';

/**
 * What approving a change would apply on the tenant's cluster: each object
 * it would create, change or remove, compared with the live objects now.
 */
export function ChangePreviewPanel(props: {
  preview?: ChangePreview;
  loading?: boolean;
  error?: string;
}) {
  const { preview, loading, error } = props;
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography variant="body2" color="error" role="alert">
        Could not preview the change: {error}
      </Typography>
    );
  }
  if (!preview) return null;
  const { objects } = preview;
  if (objects.state === 'unknown') {
    return (
      <Typography variant="body2" data-testid="change-preview">
        The objects this would change are unknown: {objects.reason}
      </Typography>
    );
  }
  if (objects.state === 'in_sync') {
    return (
      <Typography variant="body2" data-testid="change-preview">
        Approval would change no object on cluster {objects.cluster}.
      </Typography>
    );
  }
  return (
    <div data-testid="change-preview">
      <DriftDifferencesTable
        title={`Approval would apply ${objects.differences.length} difference(s) on cluster ${objects.cluster}`}
        differences={objects.differences}
      />
    </div>
  );
}
