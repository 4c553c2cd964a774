import { useEffect, useMemo, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, LogViewer } from '@backstage/core-components';
import {
  PROVISIONING_PHASES,
  type PhaseId,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDetails } from '../../api/TenantsApi';
import { failedPhaseOf } from './presentation';
import { parseLogLine, type LogLine } from './presentation';

const useStyles = makeStyles({
  viewer: { height: 360 },
});

/** `all`, a phase id, or `other` (lines of no phase: retries, rollbacks). */
export type LogSelection = 'all' | PhaseId | 'other';

// Backstage's LogViewer resets the colour with 39 (default foreground), not 0.
const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', reset: '\u001b[39m' };

function colored(line: LogLine): string {
  if (line.level === 'ERROR') return `${ANSI.red}${line.raw}${ANSI.reset}`;
  if (line.level === 'WARN') return `${ANSI.yellow}${line.raw}${ANSI.reset}`;
  return line.raw;
}

/** The lines of one selection. */
export function selectLines(
  lines: LogLine[],
  selection: LogSelection,
): LogLine[] {
  if (selection === 'all') return lines;
  if (selection === 'other') return lines.filter(l => !l.phaseId);
  return lines.filter(l => l.phaseId === selection);
}

/**
 * The log to show first: a rollback's own lines while rolling back (or
 * after one), else the failed phase, else the running phase, else all.
 */
export function logFocusOf(tenant: TenantDetails): LogSelection {
  if (tenant.state === 'rolling_back' || tenant.state === 'rolled_back') {
    return 'other';
  }
  const failed = failedPhaseOf(tenant);
  if (failed) return failed.phaseId;
  const running = tenant.latestRun?.phases.find(
    p => p.status === 'in_progress',
  );
  if (running) return running.phaseId;
  return tenant.state === 'failed' ? 'other' : 'all';
}

/**
 * The Tenant Service's run log (the newest 200 lines of the status), by
 * phase, in Backstage's LogViewer (searchable, follows the end as lines
 * arrive; errors in red).
 */
export function PhaseLogs(props: {
  logs: string[];
  /** What to show first: the failed or running phase, or the rollback's lines. */
  focus: LogSelection;
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  /** Whether anything is still going on (provisioning or rolling back). */
  busy: boolean;
}) {
  const { logs, focus, follow, onFollowChange, busy } = props;
  const classes = useStyles();
  const lines = useMemo(() => logs.map(parseLogLine), [logs]);
  const [selection, setSelection] = useState<LogSelection>(focus);
  const [chosenByUser, setChosenByUser] = useState(false);

  // Until the user picks a tab, follow the phase that matters now.
  useEffect(() => {
    if (!chosenByUser) setSelection(focus);
  }, [focus, chosenByUser]);

  const counts = useMemo(() => {
    const result = new Map<LogSelection, number>([['all', lines.length]]);
    for (const line of lines) {
      const key: LogSelection = line.phaseId ?? 'other';
      result.set(key, (result.get(key) ?? 0) + 1);
    }
    return result;
  }, [lines]);

  const selected = selectLines(lines, selection);
  const text = selected.length
    ? selected.map(colored).join('\n')
    : 'No log lines yet.';

  const tabs: Array<{ value: LogSelection; label: string }> = [
    { value: 'all', label: 'All phases' },
    ...PROVISIONING_PHASES.map(p => ({
      value: p.id,
      label: `${p.number} ${p.name}`,
    })),
    { value: 'other', label: 'Retry & rollback' },
  ];

  return (
    <InfoCard
      title="Logs"
      subheader="Newest 200 lines of the provisioning run, by phase"
      action={
        <FormControlLabel
          control={
            <Switch
              checked={follow}
              onChange={(_, checked) => onFollowChange(checked)}
              color="primary"
              disabled={!busy}
            />
          }
          label={busy ? 'Follow new lines' : 'Follow (nothing running)'}
        />
      }
    >
      <Tabs
        value={selection}
        onChange={(_, value) => {
          setChosenByUser(true);
          setSelection(value);
        }}
        variant="scrollable"
        scrollButtons="auto"
        indicatorColor="primary"
        aria-label="Log of phase"
      >
        {tabs.map(tab => (
          <Tab
            key={tab.value}
            value={tab.value}
            label={`${tab.label} (${counts.get(tab.value) ?? 0})`}
          />
        ))}
      </Tabs>
      <div className={classes.viewer} data-testid="phase-log">
        <LogViewer text={text} textWrap />
      </div>
      <Typography variant="caption" color="textSecondary">
        Every object applied and every readiness check is in the scaffolder
        task&apos;s log.
      </Typography>
    </InfoCard>
  );
}
