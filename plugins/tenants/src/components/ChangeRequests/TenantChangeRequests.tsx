import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { tenantChangeRequestCreatePermission } from '@tenant-platform/backstage-plugin-tenants-common';
import { useTenantLive } from '../TenantProvisioning/useTenantLive';
import { ChangeRequestList } from './ChangeRequestList';
import { RequestChangeDialog } from './RequestChangeDialog';
import { SpecVersions } from './SpecVersions';
import { useChangeRequests } from './useChangeRequests';
import { useDecisionRights } from './useDecisionRights';

/**
 * The Change requests tab of a tenant's entity: tenant admins file requests
 * here, platform admins decide them, and everyone follows them being applied.
 */
export function TenantChangeRequests(props: { tenantId: string }) {
  const { tenantId } = props;
  const live = useTenantLive(tenantId, { followLogs: false });
  const requests = useChangeRequests({ tenantId, limit: 100 });
  const rights = useDecisionRights();
  const canFile = usePermission({
    permission: tenantChangeRequestCreatePermission,
    resourceRef: tenantId,
  });
  const [filing, setFiling] = useState(false);
  const { tenant } = live;

  if (!tenant) {
    if (live.error) return <ResponseErrorPanel error={live.error} />;
    return <Progress />;
  }
  const acceptsRequests = tenant.state === 'ready' || tenant.state === 'updating';
  const refreshAll = () => {
    requests.refresh();
    live.refresh();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Change requests"
          subheader={`Spec version ${tenant.specVersion ?? 1}: resource tier ${
            tenant.spec.infrastructure.resourceTier
          }`}
          action={
            canFile.allowed && (
              <Button
                variant="contained"
                color="primary"
                onClick={() => setFiling(true)}
                disabled={!acceptsRequests}
                title={
                  acceptsRequests
                    ? undefined
                    : 'Changes can be requested once the tenant is ready'
                }
              >
                Request a change
              </Button>
            )
          }
        >
          {requests.error && <ResponseErrorPanel error={requests.error} />}
          {!acceptsRequests && canFile.allowed && (
            <Typography variant="body2" color="textSecondary" paragraph>
              Changes can be requested once the tenant is ready.
            </Typography>
          )}
          {requests.items ? (
            <ChangeRequestList
              requests={requests.items}
              rights={rights}
              emptyMessage="No change requests yet."
              onChanged={refreshAll}
            />
          ) : (
            !requests.error && <Progress />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <SpecVersions tenantId={tenantId} specVersion={tenant.specVersion} />
      </Grid>
      <RequestChangeDialog
        tenant={tenant}
        open={filing}
        onClose={() => setFiling(false)}
        onFiled={refreshAll}
      />
    </Grid>
  );
}
