import { useCallback, useEffect } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../../api/TenantsApi';
import { ChangePreviewPanel } from '../ChangeRequests/ChangePreviewPanel';
import { diffLine } from '../ChangeRequests/presentation';
import { useChangePreview } from '../ChangeRequests/useChangePreview';

/**
 * What upgrading one tenant to a platform version would change: the
 * Tenant Service's preview of the change `{ platformVersion }`, each object
 * it would create, change or remove on the tenant's cluster. Nothing is
 * filed.
 */
export function UpgradePreviewDialog(props: {
  tenant: { id: string; name: string; platformVersion?: string };
  targetVersion: string;
  onClose: () => void;
}) {
  const { tenant, targetVersion, onClose } = props;
  const api = useApi(tenantsApiRef);
  const fetchPreview = useCallback(
    () => api.previewChanges(tenant.id, { platformVersion: targetVersion }),
    [api, tenant.id, targetVersion],
  );
  const preview = useChangePreview(
    `${tenant.id}:${targetVersion}`,
    fetchPreview,
  );
  const { load } = preview;
  useEffect(() => {
    load();
  }, [load]);
  const title = `Upgrade ${tenant.name} to ${targetVersion}: what would change`;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="upgrade-preview-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="upgrade-preview-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {preview.preview?.diff.length
            ? preview.preview.diff.map(diffLine).join('; ')
            : `Platform version: ${
                tenant.platformVersion ?? 'unrecorded'
              } → ${targetVersion}`}
          . The objects below are compared with the live ones on the cluster; a
          rollout (or a change request) applies them.
        </DialogContentText>
        <ChangePreviewPanel {...preview} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
