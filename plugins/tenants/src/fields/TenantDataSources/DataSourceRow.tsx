import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField, { type TextFieldProps } from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  DATA_SOURCE_TYPES,
  TLS_MODES,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { labelOf } from '../../shared/labels';
import { StatusLine } from '../StatusLine';
import { useConnectionTest } from './useConnectionTest';
import type { DataSourceRowState } from './useDataSourceList';
import {
  DataSourceField,
  DataSourceItem,
  dataSourceProblems,
  passwordSecretKey,
} from './validation';

const PLACEHOLDERS: Record<
  DataSourceItem['type'],
  { host: string; database: string; user: string; password: string }
> = {
  postgresql: {
    host: 'db.example.com',
    database: 'analytics',
    user: 'reporting',
    password: 'Password',
  },
  mysql: {
    host: 'mysql.example.com',
    database: 'sales',
    user: 'reporting',
    password: 'Password',
  },
  snowflake: {
    host: 'account.eu-west-1.snowflakecomputing.com',
    database: 'ANALYTICS',
    user: 'REPORTING',
    password: 'Password',
  },
  bigquery: {
    host: 'bigquery.googleapis.com',
    database: 'project.dataset',
    user: 'reader@project.iam.gserviceaccount.com',
    password: 'Service account key',
  },
};

/** A required input of the data source, a text box or (with `options`) a select. */
function RequiredInput(
  props: Pick<
    TextFieldProps,
    'id' | 'label' | 'disabled' | 'value' | 'placeholder' | 'type'
  > & {
    onChange: (value: string) => void;
    problem?: string;
    inputProps?: TextFieldProps['inputProps'];
    options?: readonly string[];
    optionLabel?: (option: string) => ReactNode;
  },
) {
  const { onChange, problem, options, optionLabel, ...rest } = props;
  return (
    <TextField
      {...rest}
      select={!!options}
      required
      fullWidth
      onChange={e => onChange(e.target.value)}
      error={!!problem}
      helperText={problem}
    >
      {options?.map(option => (
        <MenuItem key={option} value={option}>
          {optionLabel?.(option) ?? option}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * One data source of the list: its inputs, which show their problems once
 * filled in or once the form was submitted, a connection test and removal.
 */
export function DataSourceRow(props: {
  index: number;
  row: DataSourceRowState;
  /** Prefix of the inputs' ids. */
  idPrefix: string;
  submitted: boolean;
  disabled?: boolean;
  onUpdate: (patch: Partial<DataSourceItem>) => void;
  onPasswordChange: (password: string) => void;
  onRemove: () => void;
}) {
  const { index, row, idPrefix, submitted, disabled } = props;
  const { item, password } = row;
  const connection = useConnectionTest();
  const test = connection.test;
  const problems = dataSourceProblems(item);
  const label = `Data source ${index + 1}`;
  const placeholders = PLACEHOLDERS[item.type] ?? PLACEHOLDERS.postgresql;
  const canTest =
    Object.keys(problems).length === 0 && test?.state !== 'running';

  // Any change makes an earlier test outcome stale.
  const update = (patch: Partial<DataSourceItem>) => {
    connection.reset();
    props.onUpdate(patch);
  };
  const input = (field: DataSourceField) => {
    const value = item[field];
    return {
      id: `${idPrefix}_${row.key}_${field}`,
      disabled,
      value,
      problem:
        submitted || (value !== undefined && value !== '')
          ? problems[field]
          : undefined,
    };
  };

  return (
    <Card
      variant="outlined"
      style={{ marginBottom: 16 }}
      role="group"
      aria-label={item.name ? `${label}: ${item.name}` : label}
    >
      <CardContent>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <RequiredInput
              {...input('name')}
              label="Name"
              placeholder="warehouse"
              onChange={name => update({ name })}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <RequiredInput
              {...input('type')}
              label="Type"
              options={DATA_SOURCE_TYPES}
              optionLabel={type => labelOf('dataSourceType', type)}
              onChange={type =>
                update({ type: type as DataSourceItem['type'] })
              }
            />
          </Grid>
          <Grid item xs={12} sm={8}>
            <RequiredInput
              {...input('host')}
              label="Host"
              placeholder={placeholders.host}
              onChange={host => update({ host })}
            />
          </Grid>
          <Grid item xs={12} sm={4}>
            <RequiredInput
              {...input('port')}
              value={item.port ?? ''}
              label="Port"
              type="number"
              inputProps={{ min: 1, max: 65535 }}
              onChange={port =>
                update({ port: port === '' ? undefined : Number(port) })
              }
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <RequiredInput
              {...input('database')}
              label="Database"
              placeholder={placeholders.database}
              onChange={database => update({ database })}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <RequiredInput
              {...input('user')}
              label="User"
              placeholder={placeholders.user}
              onChange={user => update({ user })}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              id={`${idPrefix}_${row.key}_password`}
              label={placeholders.password}
              type="password"
              fullWidth
              autoComplete="new-password"
              disabled={disabled || !item.name}
              value={password}
              onChange={e => {
                connection.reset();
                props.onPasswordChange(e.target.value);
              }}
              helperText={
                item.name
                  ? `Sent as the secret ${passwordSecretKey(
                      item.name,
                    )}, never stored as a parameter`
                  : 'Name the data source first'
              }
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <RequiredInput
              {...input('tlsMode')}
              label="TLS mode"
              options={TLS_MODES}
              optionLabel={mode => labelOf('tlsMode', mode)}
              onChange={mode =>
                update({ tlsMode: mode as DataSourceItem['tlsMode'] })
              }
            />
          </Grid>
        </Grid>
        <Box display="flex" alignItems="center" mt={2}>
          <Button
            variant="outlined"
            color="primary"
            disabled={disabled || !canTest}
            onClick={() => connection.run(item, password)}
            startIcon={
              test?.state === 'running' ? (
                <CircularProgress size={16} />
              ) : undefined
            }
          >
            {test?.state === 'running' ? 'Testing…' : 'Test connection'}
          </Button>
          <Box flexGrow={1} />
          <Button
            disabled={disabled}
            onClick={props.onRemove}
            startIcon={<DeleteIcon />}
          >
            Remove
          </Button>
        </Box>
        {test?.state === 'ok' && (
          <StatusLine severity="success" detail={test.detail}>
            Connection succeeded: {test.message}
          </StatusLine>
        )}
        {test?.state === 'failed' && (
          <StatusLine severity="error">
            Connection failed: {test.message}
          </StatusLine>
        )}
      </CardContent>
    </Card>
  );
}
