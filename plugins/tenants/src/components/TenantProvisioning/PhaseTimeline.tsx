import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import {
  getPhase,
  type PhaseStatus,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantRunPhase } from '../../api/TenantsApi';
import { formatDuration, phaseLabel, secondsBetween } from './presentation';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: '13rem 1fr 12rem',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.5, 0),
  },
  track: {
    height: 14,
    borderRadius: 3,
    backgroundColor: theme.palette.action.hover,
    overflow: 'hidden',
  },
  bar: {
    height: '100%',
    borderRadius: 3,
    minWidth: 4,
    transition: 'width 0.5s ease-out',
  },
  completed: { backgroundColor: theme.palette.success.main },
  failed: { backgroundColor: theme.palette.error.main },
  in_progress: {
    backgroundColor: theme.palette.info.main,
    backgroundImage:
      'linear-gradient(45deg, rgba(255,255,255,.25) 25%, transparent 25%, transparent 50%, rgba(255,255,255,.25) 50%, rgba(255,255,255,.25) 75%, transparent 75%, transparent)',
    backgroundSize: '1rem 1rem',
    animation: '$stripes 1s linear infinite',
  },
  pending: { backgroundColor: 'transparent' },
  '@keyframes stripes': {
    from: { backgroundPosition: '1rem 0' },
    to: { backgroundPosition: '0 0' },
  },
  legend: { marginTop: theme.spacing(1) },
}));

/** How long a phase took (or has been running) in seconds, or undefined while pending. */
export function phaseSeconds(
  phase: TenantRunPhase,
  now: number,
): number | undefined {
  if (!phase.startedAt || phase.status === 'pending') return undefined;
  const end =
    phase.status === 'in_progress' ? undefined : phase.finishedAt ?? undefined;
  return Math.max(0, secondsBetween(phase.startedAt, end, now));
}

/** `completed in 12 s`, `running for 3 s`, `failed after 40 s`, `pending (expected about 4 min)` */
export function describePhase(phase: TenantRunPhase, now: number): string {
  const seconds = phaseSeconds(phase, now);
  const took = seconds === undefined ? '' : formatDuration(seconds);
  const statusWords: Record<PhaseStatus, string> = {
    completed: `completed in ${took}`,
    in_progress: `running for ${took}`,
    failed: took ? `failed after ${took}` : 'failed',
    pending: `pending (expected about ${formatDuration(
      getPhase(phase.phaseId).expectedDurationSeconds,
    )})`,
  };
  return statusWords[phase.status];
}

/**
 * A bar chart of the phases of the newest run: how long each took or has been
 * running, coloured by status (completed, running, failed, pending).
 */
export function PhaseTimeline(props: {
  phases: TenantRunPhase[];
  now: number;
}) {
  const { phases, now } = props;
  const classes = useStyles();
  const longest = Math.max(1, ...phases.map(p => phaseSeconds(p, now) ?? 0));

  return (
    <InfoCard title="Phase timeline">
      <ol className={classes.list} aria-label="Phase timeline">
        {phases.map(phase => {
          const seconds = phaseSeconds(phase, now);
          const description = describePhase(phase, now);
          const label = phaseLabel(phase.phaseId);
          return (
            <li
              key={phase.phaseId}
              className={classes.row}
              aria-label={`${label}: ${description}`}
              data-status={phase.status}
            >
              <Typography variant="body2" noWrap>
                {label}
              </Typography>
              <div className={classes.track}>
                <div
                  className={`${classes.bar} ${classes[phase.status]}`}
                  style={{
                    width:
                      seconds === undefined
                        ? 0
                        : `${Math.max(2, (seconds / longest) * 100)}%`,
                  }}
                />
              </div>
              <Typography variant="caption" color="textSecondary">
                {description}
              </Typography>
            </li>
          );
        })}
      </ol>
    </InfoCard>
  );
}
