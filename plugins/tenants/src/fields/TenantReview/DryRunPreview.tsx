import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import type { DryRunResult } from '../../api/TenantsApi';
import { describeError, serviceFieldErrors } from '../../shared/errors';
import { StatusLine } from '../StatusLine';
import { objectCountOf, phaseLabel } from './dryRunOutcome';

/** The outcome of a dry run, then each phase with its objects and any error. */
function DryRunPhases(props: { result: DryRunResult }) {
  const { result } = props;
  const failed = result.phases.filter(phase => phase.error);
  return (
    <>
      {failed.length > 0 ? (
        <StatusLine severity="error">
          The API server rejected objects in{' '}
          {failed.map(p => phaseLabel(p.phaseId, p.name)).join(', ')}; fix the
          configuration or the cluster before provisioning.
        </StatusLine>
      ) : (
        <StatusLine severity="success">
          The dry run passed: {objectCountOf(result)} objects in{' '}
          {result.phases.length} phases on cluster {result.cluster}, namespace{' '}
          {result.namespace}.
        </StatusLine>
      )}
      {result.phases.map(phase => (
        <Box
          key={phase.phaseId}
          component="section"
          aria-label={phaseLabel(phase.phaseId, phase.name)}
          mt={2}
        >
          <Typography variant="subtitle2">
            {phaseLabel(phase.phaseId, phase.name)}{' '}
            <Typography
              component="span"
              variant="caption"
              color="textSecondary"
            >
              ({phase.objects.length} object
              {phase.objects.length === 1 ? '' : 's'})
            </Typography>
          </Typography>
          {phase.error && (
            <StatusLine severity="error">{phase.error}</StatusLine>
          )}
          <Box component="ul" m={0} pl={3}>
            {phase.objects.map(object => (
              <li
                key={`${object.apiVersion}/${object.kind}/${
                  object.namespace ?? ''
                }/${object.name}`}
              >
                <Typography variant="body2" component="span">
                  {object.kind}/{object.name}
                </Typography>{' '}
                <Chip
                  size="small"
                  variant="outlined"
                  label={object.outcome}
                  style={{ height: 18, fontSize: '0.7rem' }}
                />
              </li>
            ))}
          </Box>
        </Box>
      ))}
    </>
  );
}

/**
 * The Review step's dry-run preview: what each provisioning phase would
 * apply, a Tenant Service refusal with its field errors, and the data
 * sources whose password must be entered again.
 */
export function DryRunPreview(props: {
  loading: boolean;
  error?: unknown;
  result?: DryRunResult;
  onRunAgain: () => void;
  /** Names of the data sources whose password the secrets no longer hold. */
  missingPasswords: string[];
}) {
  const { loading, error, result, onRunAgain, missingPasswords } = props;
  const fieldErrors = serviceFieldErrors(error);
  return (
    <Box component="section" aria-labelledby="tenant-review-dry-run" mt={3}>
      <Box display="flex" alignItems="center">
        <Typography variant="h6" id="tenant-review-dry-run">
          Dry-run preview
        </Typography>
        <Box flexGrow={1} />
        <Button
          size="small"
          startIcon={<RefreshIcon />}
          disabled={loading}
          onClick={onRunAgain}
        >
          Run again
        </Button>
      </Box>
      <Typography variant="body2" color="textSecondary">
        What each provisioning phase would apply, checked by the cluster’s API
        server without changing anything.
      </Typography>
      {loading && (
        <Box mt={2}>
          <LinearProgress />
          <Typography variant="body2" color="textSecondary">
            Running the dry run…
          </Typography>
        </Box>
      )}
      {!loading && !!error && (
        <>
          <StatusLine severity="error">
            The Tenant Service rejected the dry run: {describeError(error)}
          </StatusLine>
          {fieldErrors.length > 0 && (
            <Box component="ul" m={0} pl={3}>
              {fieldErrors.map(f => (
                <li key={`${f.field}-${f.message}`}>
                  <Typography variant="body2">
                    {f.field}: {f.message}
                  </Typography>
                </li>
              ))}
            </Box>
          )}
        </>
      )}
      {!loading && result && <DryRunPhases result={result} />}
      {missingPasswords.length > 0 && (
        <StatusLine severity="error">
          Enter the password of{' '}
          {missingPasswords.map(name => `'${name}'`).join(', ')} again on the
          Data Sources step: secrets are not kept when the page reloads.
        </StatusLine>
      )}
    </Box>
  );
}
