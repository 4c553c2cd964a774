import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { TenantSpecSummary } from '../../shared/specSummary';
import { PlatformVersionCard } from '../PlatformVersion';
import { TenantDriftCard } from '../TenantDrift';
import { FailurePanel } from './FailurePanel';
import { logFocusOf, PhaseLogs } from './PhaseLogs';
import { PhaseTimeline } from './PhaseTimeline';
import { isRunActive, isTenantBusy } from './presentation';
import { ProvisioningProgress } from './ProvisioningProgress';
import { RollbackButton, useCanManageTenant } from './RecoveryActions';
import { useNow } from './useNow';
import { useTenantLive } from './useTenantLive';

/**
 * Everything about one tenant's provisioning: live status (progress, phase,
 * ETA, timeline), logs by phase, the failure and its recovery options, a
 * drift check, the platform version (with a preview of the upgrade when it
 * is behind), and the configuration by wizard step.
 */
export function TenantProvisioning(props: { tenantId: string }) {
  const { tenantId } = props;
  const [follow, setFollow] = useState(true);
  const live = useTenantLive(tenantId, { followLogs: follow });
  const permission = useCanManageTenant(tenantId);
  const config = useApi(configApiRef);
  const support = {
    url: config.getOptionalString('tenants.support.url'),
    email: config.getOptionalString('tenants.support.email'),
  };
  const { tenant, status } = live;
  const busy = isTenantBusy(tenant);
  const now = useNow(busy);

  if (!tenant || !status) {
    if (live.error) return <ResponseErrorPanel error={live.error} />;
    return <Progress />;
  }

  const phases = tenant.latestRun?.phases ?? [];
  const failed = tenant.state === 'failed';

  return (
    <Grid container spacing={3}>
      {live.error && (
        <Grid item xs={12}>
          <WarningPanel
            title="Could not refresh the tenant"
            message={live.error.message}
          />
        </Grid>
      )}
      {failed && (
        <Grid item xs={12}>
          <FailurePanel
            tenant={tenant}
            logs={status.logs}
            canManage={permission.allowed}
            permissionLoading={permission.loading}
            support={support}
            onChanged={live.refresh}
          />
        </Grid>
      )}
      <Grid item xs={12} lg={5}>
        <ProvisioningProgress
          tenant={tenant}
          status={status}
          now={now}
          actions={
            permission.allowed && isRunActive(tenant) ? (
              <RollbackButton tenant={tenant} onDone={live.refresh} />
            ) : undefined
          }
        />
        <Typography variant="caption" color="textSecondary">
          {live.signalsAvailable
            ? 'Live: updated as soon as the Tenant Service reports a change.'
            : 'Updated by polling (signals are not available).'}
        </Typography>
      </Grid>
      <Grid item xs={12} lg={7}>
        <PhaseTimeline phases={phases} now={now} />
      </Grid>
      <Grid item xs={12}>
        <PhaseLogs
          logs={status.logs}
          focus={logFocusOf(tenant)}
          follow={follow}
          onFollowChange={setFollow}
          busy={busy}
        />
      </Grid>
      {/* Only a ready tenant should have every object its phases apply; the
          card stays while a change or repair is applied to it. */}
      {tenant.cluster &&
        (tenant.state === 'ready' || tenant.state === 'updating') && (
          <Grid item xs={12}>
            <TenantDriftCard
              tenantId={tenant.id}
              updatedAt={tenant.updatedAt}
            />
          </Grid>
        )}
      {tenant.platformVersion && (
        <Grid item xs={12}>
          <PlatformVersionCard tenant={tenant} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="h5" component="h2" gutterBottom>
          Configuration
        </Typography>
        <TenantSpecSummary
          layout="cards"
          spec={tenant.spec}
          placement={{ cluster: tenant.cluster }}
        />
      </Grid>
    </Grid>
  );
}
