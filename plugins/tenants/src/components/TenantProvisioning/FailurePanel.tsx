import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import type { TenantDetails } from '../../api/TenantsApi';
import {
  failedPhaseOf,
  parseLogLine,
  phaseLabel,
  type LogLine,
} from './presentation';
import { RetryButton, RollbackButton } from './RecoveryActions';
import { supportHref, type SupportConfig } from './support';

const useStyles = makeStyles(theme => ({
  card: { borderLeft: `6px solid ${theme.palette.error.main}` },
  error: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: 'monospace',
    backgroundColor: theme.palette.background.default,
    padding: theme.spacing(1.5),
    margin: theme.spacing(1, 0, 2),
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    alignItems: 'center',
  },
}));

/** How many of the failed phase's newest log lines the panel shows. */
export const FAILURE_LOG_LINES = 8;

/** What failed, in words: the failed phase and its error, or a failed rollback. */
export function describeFailure(
  tenant: TenantDetails,
  logs: string[],
): { phase?: string; phaseTitle: string; error: string; lines: LogLine[] } {
  const failed = failedPhaseOf(tenant);
  const parsed = logs.map(parseLogLine);
  if (failed) {
    return {
      phase: failed.phaseId,
      phaseTitle: phaseLabel(failed.phaseId),
      error: failed.errorMessage ?? 'The phase failed without a message.',
      lines: parsed
        .filter(l => l.phaseId === failed.phaseId)
        .slice(-FAILURE_LOG_LINES),
    };
  }
  // The run did not fail, the rollback did: its lines have no phase.
  const errors = parsed.filter(l => l.level === 'ERROR');
  return {
    phaseTitle: 'Rollback',
    error:
      errors[errors.length - 1]?.message ??
      'The tenant is in state failed without a failed phase.',
    lines: parsed.filter(l => !l.phaseId).slice(-FAILURE_LOG_LINES),
  };
}

/**
 * The seed's error handling: which phase failed, the error in words, the
 * newest log lines, and the recovery options the signed-in user has.
 */
export function FailurePanel(props: {
  tenant: TenantDetails;
  logs: string[];
  canManage: boolean;
  permissionLoading: boolean;
  support: SupportConfig;
  onChanged: () => void;
}) {
  const { tenant, logs, canManage, permissionLoading, support, onChanged } =
    props;
  const classes = useStyles();
  const failure = describeFailure(tenant, logs);
  const retryable = tenant.latestRun?.status === 'failed';
  const contact = supportHref(support, {
    tenant,
    phase: failure.phase ?? 'rollback',
    error: failure.error,
  });

  return (
    <InfoCard
      title="Provisioning failed"
      subheader={`Failed phase: ${failure.phaseTitle}`}
      cardClassName={classes.card}
    >
      <Typography variant="subtitle2" component="h3">
        Error
      </Typography>
      <Typography
        component="pre"
        className={classes.error}
        data-testid="failure-error"
      >
        {failure.error}
      </Typography>
      {failure.lines.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Newest log lines of {failure.phaseTitle}
          </Typography>
          <Typography component="pre" className={classes.error}>
            {failure.lines.map(l => l.raw).join('\n')}
          </Typography>
        </>
      )}
      <div className={classes.actions}>
        {canManage && retryable && (
          <RetryButton tenant={tenant} onDone={onChanged} />
        )}
        {canManage && <RollbackButton tenant={tenant} onDone={onChanged} />}
        {contact && (
          <Button
            variant="outlined"
            href={contact}
            target={contact.startsWith('mailto:') ? undefined : '_blank'}
            rel="noopener noreferrer"
          >
            Contact support
          </Button>
        )}
        {!canManage && !permissionLoading && (
          <Box>
            <Typography variant="body2" color="textSecondary">
              Retrying and rolling back are for platform admins
              {contact ? '; contact support to get this fixed.' : '.'}
            </Typography>
          </Box>
        )}
      </div>
    </InfoCard>
  );
}
