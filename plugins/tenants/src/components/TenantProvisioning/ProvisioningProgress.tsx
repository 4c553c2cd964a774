import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link } from '@backstage/core-components';
import {
  PROVISIONING_PHASES,
  type ProvisioningStatus,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDetails } from '../../api/TenantsApi';
import { FactGrid } from '../../shared/FactGrid';
import {
  formatDuration,
  isRunActive,
  secondsBetween,
  timeOfDay,
} from './presentation';
import { TenantStateChip } from './TenantStateChip';

const useStyles = makeStyles(theme => ({
  bar: { height: 10, borderRadius: 5, flexGrow: 1 },
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
}));

/** What the ETA line says for a status at time `now`. */
export function describeEta(
  status: ProvisioningStatus,
  now: number,
): { label: string; value: string } {
  if (status.status === 'completed') {
    return {
      label: 'Completed',
      value: `${timeOfDay(status.estimated_completion)} (took ${formatDuration(
        secondsBetween(status.started_at, status.estimated_completion),
      )})`,
    };
  }
  if (status.status === 'failed') {
    return {
      label: 'Stopped',
      value: timeOfDay(status.estimated_completion),
    };
  }
  const left = secondsBetween(
    new Date(now).toISOString(),
    status.estimated_completion,
  );
  return {
    label: 'Estimated completion',
    value:
      left > 0
        ? `${timeOfDay(status.estimated_completion)} (about ${formatDuration(
            left,
          )} left)`
        : `any moment now (expected ${timeOfDay(status.estimated_completion)})`,
  };
}

/**
 * The seed's ProvisioningStatus at a glance: the tenant's state, a progress
 * bar with the percentage, the current phase, start and ETA, and a link to
 * the scaffolder task that runs the phases.
 */
export function ProvisioningProgress(props: {
  tenant: TenantDetails;
  status: ProvisioningStatus;
  now: number;
  actions?: JSX.Element;
}) {
  const { tenant, status, now, actions } = props;
  const classes = useStyles();
  const run = tenant.latestRun;
  const phase = PROVISIONING_PHASES[status.current_phase - 1];
  const eta = describeEta(status, now);
  const rollingBack = tenant.state === 'rolling_back';
  const color = status.status === 'failed' ? 'secondary' : 'primary';

  return (
    <InfoCard title="Provisioning" subheader={tenant.name} action={actions}>
      <div className={classes.row}>
        <TenantStateChip state={tenant.state} />
        <LinearProgress
          className={classes.bar}
          variant={rollingBack ? 'indeterminate' : 'determinate'}
          value={status.progress_percentage}
          color={color}
          aria-label="Provisioning progress"
        />
        <Typography variant="h6" component="span" aria-label="Percent complete">
          {status.progress_percentage} %
        </Typography>
      </div>
      <FactGrid>
        <dt>Current phase</dt>
        <dd data-testid="current-phase">
          {status.current_phase} of {status.total_phases}: {status.phase_name}
          {phase ? ` (phase ${phase.number})` : ''} —{' '}
          {status.status.replace('_', ' ')}
        </dd>
        <dt>Started</dt>
        <dd>
          {new Date(status.started_at).toLocaleString()}
          {isRunActive(tenant)
            ? ` (${formatDuration(
                secondsBetween(status.started_at, undefined, now),
              )} ago)`
            : ''}
        </dd>
        <dt>{eta.label}</dt>
        <dd data-testid="eta">{eta.value}</dd>
        {run && (
          <>
            <dt>Attempt</dt>
            <dd data-testid="attempt">{run.attempt}</dd>
          </>
        )}
        {tenant.cluster && (
          <>
            <dt>Cluster</dt>
            <dd>
              {tenant.cluster}, namespace tenant-{tenant.slug}
            </dd>
          </>
        )}
        <dt>Scaffolder task</dt>
        <dd>
          {run?.scaffolderTaskId ? (
            <Link to={`/create/tasks/${run.scaffolderTaskId}`}>
              Open the task log
            </Link>
          ) : (
            'none recorded'
          )}
        </dd>
      </FactGrid>
      {rollingBack && (
        <Box mt={2}>
          <Typography variant="body2">
            Rolling back: deleting everything provisioned for the tenant, newest
            phase first. Progress appears in the logs below.
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}
