import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import type { RolloutDetail, RolloutTenant } from '../../api/TenantsApi';
import { shortRef } from '../ChangeRequests/presentation';
import {
  currentWaveLabel,
  rolloutProgress,
  secondsLabel,
  tenantsByWave,
  waveStatus,
} from './presentation';
import { RolloutControls } from './RolloutControls';
import { RolloutStateChip, RolloutTenantStateChip } from './RolloutStateChip';
import { RolloutTenantActions } from './RolloutTenantActions';
import { useRollout } from './useRollouts';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  error: { color: theme.palette.error.main },
  wave: { marginTop: theme.spacing(3) },
}));

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

const entityPath = (slug: string) => `/catalog/default/resource/${slug}`;

function RolloutFacts(props: { rollout: RolloutDetail }) {
  const { rollout } = props;
  const classes = useStyles();
  const facts: [string, string][] = [
    ['Progress', rolloutProgress(rollout)],
    ['Wave', currentWaveLabel(rollout)],
    [
      'Settings',
      `waves of ${rollout.waveSize}, ${secondsLabel(
        rollout.pauseSeconds,
      )} between waves, stops after ${rollout.maxFailures} failure(s)`,
    ],
    ['Reason', rollout.reason],
    ['Started', `${when(rollout.createdAt)} by ${shortRef(rollout.createdBy)}`],
  ];
  if (rollout.nextWaveAt) {
    facts.push(['Next wave', when(rollout.nextWaveAt)]);
  }
  if (rollout.finishedAt) facts.push(['Finished', when(rollout.finishedAt)]);
  return (
    <dl className={classes.facts}>
      {facts.map(([term, value]) => (
        <Box key={term} display="contents">
          <dt>{term}</dt>
          <dd data-testid={`rollout-${term.toLocaleLowerCase('en-US')}`}>
            {value}
          </dd>
        </Box>
      ))}
    </dl>
  );
}

function WaveTable(props: {
  rollout: RolloutDetail;
  wave: number;
  tenants: RolloutTenant[];
  onChanged: (rollout: RolloutDetail) => void;
}) {
  const { rollout, wave, tenants, onChanged } = props;
  const classes = useStyles();
  const name = `Wave ${wave + 1} of ${rollout.waves}`;
  return (
    <section className={classes.wave} aria-label={name}>
      <Typography variant="h6" component="h3">
        {name}: {waveStatus(rollout, wave, tenants)}
      </Typography>
      <Table size="small" aria-label={name}>
        <TableHead>
          <TableRow>
            <TableCell>Tenant</TableCell>
            <TableCell>State</TableCell>
            <TableCell>From version</TableCell>
            <TableCell>Change request</TableCell>
            <TableCell>Task</TableCell>
            <TableCell>Error</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tenants.map(tenant => (
            <TableRow
              key={tenant.tenantId}
              aria-label={tenant.tenantName}
              data-state={tenant.state}
            >
              <TableCell>
                <Link to={entityPath(tenant.tenantSlug)}>
                  {tenant.tenantName}
                </Link>
              </TableCell>
              <TableCell>
                <RolloutTenantStateChip state={tenant.state} />
              </TableCell>
              <TableCell>{tenant.fromVersion}</TableCell>
              <TableCell>
                {tenant.changeRequestId ? (
                  <Link
                    to={`${entityPath(tenant.tenantSlug)}/change-requests`}
                    title={`Change request ${tenant.changeRequestId}`}
                  >
                    Change requests
                  </Link>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                {tenant.scaffolderTaskId ? (
                  <Link to={`/create/tasks/${tenant.scaffolderTaskId}`}>
                    Task log
                  </Link>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell className={classes.error}>
                {tenant.errorMessage ?? ''}
              </TableCell>
              <TableCell>
                <RolloutTenantActions
                  rolloutId={rollout.id}
                  tenant={tenant}
                  onChanged={onChanged}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

/**
 * One rollout: its state, progress and settings, Pause / Resume / Cancel,
 * and its tenants wave by wave with their state, the version they came
 * from, their change request, task log and error, and Retry or "Return to
 * <version>" for a failed one. Every rollout signal re-reads it.
 */
export function RolloutDetailView(props: { rolloutId: string }) {
  const live = useRollout(props.rolloutId);
  const { rollout } = live;
  if (!rollout) {
    if (live.error) return <ResponseErrorPanel error={live.error} />;
    return <Progress />;
  }
  const waves = tenantsByWave(rollout.tenants);
  return (
    <>
      {live.error && (
        <WarningPanel
          title="Could not refresh the rollout"
          message={live.error.message}
        />
      )}
      <InfoCard
        title={
          <Box display="flex" alignItems="center" style={{ gap: 16 }}>
            <span>Rollout to {rollout.targetVersion}</span>
            <RolloutStateChip state={rollout.state} />
          </Box>
        }
        subheader={
          live.signalsAvailable
            ? 'Live: updated as soon as the Tenant Service reports a change.'
            : 'Updated by polling (signals are not available).'
        }
        action={<RolloutControls rollout={rollout} onChanged={live.replace} />}
      >
        <Box data-testid="rollout-state" data-state={rollout.state}>
          {rollout.stateReason && (
            <Typography variant="body2" paragraph>
              {rollout.stateReason}
            </Typography>
          )}
          <RolloutFacts rollout={rollout} />
        </Box>
        {waves.map((tenants, wave) => (
          <WaveTable
            key={wave}
            rollout={rollout}
            wave={wave}
            tenants={tenants}
            onChanged={live.replace}
          />
        ))}
      </InfoCard>
    </>
  );
}
