import { useCallback, useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  tenantsApiRef,
  type ChangeRequest,
  type ChangeRequestDetail,
} from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { ChangePreviewPanel } from './ChangePreviewPanel';
import { fieldLabel, shortRef, valueLabel } from './presentation';
import { useChangePreview } from './useChangePreview';

/** While a change is applied its log grows without signals: re-read this often. */
export const CHANGE_LOG_POLL_MS = 3_000;

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    maxHeight: 320,
    overflowY: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    background: theme.palette.background.default,
  },
  error: { color: theme.palette.error.main },
}));

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * One change request in full: what it changes (from → to), why, who decided,
 * the spec versions, the scaffolder task applying it and its log. Re-read
 * whenever the list hands in a newer version of the request, and every few
 * seconds while the change is applied.
 */
export function ChangeRequestDetails(props: { request: ChangeRequest }) {
  const { request } = props;
  const classes = useStyles();
  const api = useApi(tenantsApiRef);
  const [detail, setDetail] = useState<ChangeRequestDetail>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      setDetail(await api.getChangeRequest(request.id));
      setError(undefined);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, request.id]);

  useEffect(() => {
    load();
  }, [load, request.updatedAt, request.status]);

  const applying =
    request.status === 'approved' || request.status === 'applying';
  useEffect(() => {
    if (!applying) return undefined;
    const timer = setInterval(load, CHANGE_LOG_POLL_MS);
    return () => clearInterval(timer);
  }, [applying, load]);

  const pending = request.status === 'pending';
  const fetchPreview = useCallback(
    () => api.previewChangeRequest(request.id),
    [api, request.id],
  );
  const preview = useChangePreview(request.id, fetchPreview);
  const loadPreview = preview.load;
  useEffect(() => {
    if (pending) loadPreview();
  }, [pending, loadPreview]);

  const shown = detail ?? request;
  const logs = detail?.logs ?? [];
  return (
    <Box width="100%">
      <Table size="small" aria-label="Requested changes">
        <TableHead>
          <TableRow>
            <TableCell>Field</TableCell>
            <TableCell>From</TableCell>
            <TableCell>To</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.diff.map(entry => (
            <TableRow key={entry.field}>
              <TableCell>{fieldLabel(entry.field)}</TableCell>
              <TableCell>{valueLabel(entry.field, entry.from)}</TableCell>
              <TableCell>{valueLabel(entry.field, entry.to)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pending && (
        <Box mt={2}>
          <ChangePreviewPanel {...preview} />
        </Box>
      )}
      <Box mt={2}>
        <Typography variant="body2">
          <strong>Reason:</strong> {shown.reason}
        </Typography>
        <Typography variant="body2">
          Requested by {shortRef(shown.requestedBy)} on{' '}
          {when(shown.requestedAt)}, on spec version {shown.baseSpecVersion}
        </Typography>
        {shown.decidedBy && (
          <Typography variant="body2" data-testid="change-decision">
            {shown.status === 'rejected' ? 'Rejected' : 'Approved'} by{' '}
            {shortRef(shown.decidedBy)} on {when(shown.decidedAt)}
            {shown.decisionComment ? `: “${shown.decisionComment}”` : ''}
          </Typography>
        )}
        {shown.appliedSpecVersion !== undefined && (
          <Typography variant="body2" data-testid="change-spec-version">
            Applied as spec version {shown.appliedSpecVersion} (from version{' '}
            {shown.fromSpecVersion}) on {when(shown.finishedAt)}
          </Typography>
        )}
        {shown.attempts > 1 && (
          <Typography variant="body2">Attempts: {shown.attempts}</Typography>
        )}
        {shown.errorMessage && (
          <Typography
            variant="body2"
            className={classes.error}
            data-testid="change-error"
          >
            {shown.errorMessage}
          </Typography>
        )}
        {shown.scaffolderTaskId && (
          <Typography variant="body2">
            <Link to={`/create/tasks/${shown.scaffolderTaskId}`}>
              Open the task log
            </Link>
          </Typography>
        )}
      </Box>
      {error && (
        <Typography color="error" role="alert">
          Could not read the change request: {error}
        </Typography>
      )}
      {!detail && !error && <Progress />}
      {logs.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h4">
            Log
          </Typography>
          <pre className={classes.log} aria-label="Change log">
            {logs
              .map(
                line =>
                  `${new Date(
                    line.at,
                  ).toLocaleTimeString()} ${line.level.toUpperCase()} ${
                    line.message
                  }`,
              )
              .join('\n')}
          </pre>
        </Box>
      )}
    </Box>
  );
}
