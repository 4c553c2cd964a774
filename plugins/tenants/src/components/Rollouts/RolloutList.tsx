import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type { Rollout } from '../../api/TenantsApi';
import { shortRef } from '../ChangeRequests/presentation';
import { currentWaveLabel, rolloutProgress } from './presentation';
import { RolloutStateChip } from './RolloutStateChip';

const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * Rollouts, one row each: the target version (linking to the rollout), its
 * state, progress, current wave, who started it and when.
 */
export function RolloutList(props: {
  rollouts: Rollout[];
  emptyMessage: string;
}) {
  const { rollouts, emptyMessage } = props;
  if (rollouts.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyMessage}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Rollouts">
      <TableHead>
        <TableRow>
          <TableCell>Target version</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Progress</TableCell>
          <TableCell>Wave</TableCell>
          <TableCell>Started by</TableCell>
          <TableCell>Started</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rollouts.map(rollout => (
          <TableRow key={rollout.id} data-state={rollout.state}>
            <TableCell>
              {/* Relative to the Rollouts page: its detail route. */}
              <Link to={rollout.id}>{rollout.targetVersion}</Link>
            </TableCell>
            <TableCell>
              <RolloutStateChip state={rollout.state} />
            </TableCell>
            <TableCell>{rolloutProgress(rollout)}</TableCell>
            <TableCell>{currentWaveLabel(rollout)}</TableCell>
            <TableCell>{shortRef(rollout.createdBy)}</TableCell>
            <TableCell>{when(rollout.createdAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
