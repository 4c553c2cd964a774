import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { labelOf } from '../labels';
import {
  MASK,
  passwordState,
  type PasswordState,
  type SpecDataSource,
} from './facts';

const PASSWORD_CELL: Record<PasswordState, { label: string; text: string }> = {
  set: { label: 'password set', text: MASK },
  missing: { label: 'password missing', text: 'missing' },
  none: { label: 'no password', text: '—' },
};

/** The data sources as a table, one column per field. */
export function DataSourceTable(props: {
  sources: SpecDataSource[];
  secrets?: Record<string, string>;
}) {
  const { sources, secrets } = props;
  if (sources.length === 0) {
    return <Typography variant="body2">No data sources.</Typography>;
  }
  return (
    <Table size="small" aria-label="Data sources">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Host</TableCell>
          <TableCell>Database</TableCell>
          <TableCell>User</TableCell>
          <TableCell>TLS</TableCell>
          <TableCell>Password</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sources.map(source => {
          const password = PASSWORD_CELL[passwordState(source, secrets)];
          return (
            <TableRow key={source.name}>
              <TableCell>{source.name}</TableCell>
              <TableCell>{labelOf('dataSourceType', source.type)}</TableCell>
              <TableCell>
                {source.host}:{source.port}
              </TableCell>
              <TableCell>{source.database}</TableCell>
              <TableCell>{source.user}</TableCell>
              <TableCell>{labelOf('tlsMode', source.tlsMode)}</TableCell>
              <TableCell aria-label={password.label}>{password.text}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
