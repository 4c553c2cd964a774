import { useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  type FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import {
  DATA_SOURCE_TYPES,
  TLS_MODES,
} from '@internal/backstage-plugin-tenants-common';
import { tenantsApiRef } from '../../api/TenantsApi';
import { describeError } from '../../shared/errors';
import { StatusLine } from '../StatusLine';
import { labelOf } from '../../shared/labels';
import {
  DataSourceField,
  DataSourceItem,
  dataSourceProblems,
  DEFAULT_PORTS,
  MAX_DATA_SOURCES,
  passwordSecretKey,
} from './validation';

type TestState =
  | { state: 'running' }
  | { state: 'ok'; message: string; detail: string }
  | { state: 'failed'; message: string };

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

function newDataSource(): DataSourceItem {
  return {
    name: '',
    type: 'postgresql',
    host: '',
    port: DEFAULT_PORTS.postgresql,
    database: '',
    user: '',
    tlsMode: 'require',
  };
}

function withoutPasswordSecret(item: DataSourceItem): DataSourceItem {
  const { passwordSecret: _, ...rest } = item;
  return rest;
}

/**
 * The tenant's initial database connections. Each one can be tested against
 * the Tenant Service before provisioning. The password goes into the
 * scaffolder secrets (sent with the task, never as a parameter) under
 * `dataSourcePassword_<name>`; the item only names that secret.
 */
export const TenantDataSources = (
  props: FieldExtensionComponentProps<DataSourceItem[]>,
) => {
  const {
    formData,
    onChange,
    schema,
    rawErrors = [],
    disabled,
    idSchema,
  } = props;
  const tenantsApi = useApi(tenantsApiRef);
  const { secrets, setSecrets } = useTemplateSecrets();
  const items = Array.isArray(formData) ? formData : [];
  const submitted = rawErrors.length > 0;

  // Stable React keys (and test results) per row across removals.
  const nextKey = useRef(0);
  const rowKeys = useRef<number[]>([]);
  while (rowKeys.current.length < items.length) {
    rowKeys.current.push(nextKey.current++);
  }
  rowKeys.current.length = items.length;
  const [tests, setTests] = useState<Record<number, TestState>>({});
  const [unnamedPasswords, setUnnamedPasswords] = useState<
    Record<number, string>
  >({});
  const setTest = (row: number, test: TestState | undefined) =>
    setTests(current => {
      const next = { ...current };
      if (test) {
        next[row] = test;
      } else {
        delete next[row];
      }
      return next;
    });

  const passwordOf = (item: DataSourceItem) =>
    item.passwordSecret ? secrets[item.passwordSecret] ?? '' : '';

  const replace = (index: number, item: DataSourceItem) => {
    setTest(rowKeys.current[index], undefined);
    onChange(items.map((current, i) => (i === index ? item : current)));
  };

  const update = (index: number, patch: Partial<DataSourceItem>) => {
    const item = items[index];
    let next: DataSourceItem = { ...item, ...patch };
    if (patch.type && patch.type !== item.type) {
      if (item.port === undefined || item.port === DEFAULT_PORTS[item.type]) {
        next.port = DEFAULT_PORTS[patch.type];
      }
    }
    if (patch.name !== undefined && patch.name !== item.name) {
      // The password follows the data source's name; while the name is
      // empty it waits in the component.
      const row = rowKeys.current[index];
      const password = item.passwordSecret
        ? passwordOf(item)
        : unnamedPasswords[row] ?? '';
      const key = next.name ? passwordSecretKey(next.name) : undefined;
      const moved: Record<string, string> = {};
      if (item.passwordSecret && item.passwordSecret !== key) {
        moved[item.passwordSecret] = '';
      }
      next = withoutPasswordSecret(next);
      if (password && key) {
        moved[key] = password;
        next = { ...next, passwordSecret: key };
      }
      if (Object.keys(moved).length > 0) {
        setSecrets(moved);
      }
      setUnnamedPasswords(current => {
        const rest = { ...current };
        delete rest[row];
        return password && !key ? { ...rest, [row]: password } : rest;
      });
    }
    replace(index, next);
  };

  const setPassword = (index: number, password: string) => {
    const item = items[index];
    const key = passwordSecretKey(item.name);
    setSecrets({ [key]: password });
    replace(
      index,
      password ? { ...item, passwordSecret: key } : withoutPasswordSecret(item),
    );
  };

  const remove = (index: number) => {
    const item = items[index];
    if (item.passwordSecret) {
      setSecrets({ [item.passwordSecret]: '' });
    }
    const row = rowKeys.current[index];
    setTest(row, undefined);
    setUnnamedPasswords(current => {
      const rest = { ...current };
      delete rest[row];
      return rest;
    });
    rowKeys.current.splice(index, 1);
    onChange(items.filter((_, i) => i !== index));
  };

  const add = () => onChange([...items, newDataSource()]);

  const testConnection = async (index: number) => {
    const item = items[index];
    const row = rowKeys.current[index];
    const password = passwordOf(item);
    setTest(row, { state: 'running' });
    try {
      const result = await tenantsApi.testDataSource({
        name: item.name,
        type: item.type,
        host: item.host,
        port: item.port as number,
        database: item.database,
        user: item.user,
        tlsMode: item.tlsMode,
        ...(password ? { password } : {}),
      });
      setTest(
        row,
        result.ok
          ? {
              state: 'ok',
              message: result.message,
              detail: [
                `${Math.round(result.latencyMs)} ms`,
                result.serverVersion,
              ]
                .filter(Boolean)
                .join(' · '),
            }
          : { state: 'failed', message: result.message },
      );
    } catch (error) {
      setTest(row, { state: 'failed', message: describeError(error) });
    }
  };

  return (
    <Box id={idSchema?.$id} mt={2} mb={1}>
      <Typography variant="subtitle1">
        {schema.title ?? 'Data sources'}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {schema.description ??
          'Databases the tenant connects to. Passwords are sent as secrets, never stored with the tenant’s configuration.'}
      </Typography>
      {items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No data sources yet. The tenant can be created without any.
        </Typography>
      )}
      {items.map((item, index) => {
        const row = rowKeys.current[index];
        const test = tests[row];
        const problems = dataSourceProblems(item);
        const label = `Data source ${index + 1}`;
        const fieldError = (field: DataSourceField) => {
          const value = item[field];
          const shown =
            submitted || (value !== undefined && value !== '')
              ? problems[field]
              : undefined;
          return { error: !!shown, helperText: shown };
        };
        const placeholders = PLACEHOLDERS[item.type] ?? PLACEHOLDERS.postgresql;
        const inputId = (field: string) =>
          `${idSchema?.$id ?? 'dataSources'}_${row}_${field}`;
        const canTest =
          Object.keys(problems).length === 0 && test?.state !== 'running';
        return (
          <Card
            key={row}
            variant="outlined"
            style={{ marginBottom: 16 }}
            role="group"
            aria-label={item.name ? `${label}: ${item.name}` : label}
          >
            <CardContent>
              <Grid container spacing={2}>
                <Grid item xs={12} sm={6}>
                  <TextField
                    id={inputId('name')}
                    label="Name"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.name}
                    placeholder="warehouse"
                    onChange={e => update(index, { name: e.target.value })}
                    {...fieldError('name')}
                  />
                </Grid>
                <Grid item xs={12} sm={6}>
                  <TextField
                    select
                    id={inputId('type')}
                    label="Type"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.type}
                    onChange={e =>
                      update(index, {
                        type: e.target.value as DataSourceItem['type'],
                      })
                    }
                    {...fieldError('type')}
                  >
                    {DATA_SOURCE_TYPES.map(type => (
                      <MenuItem key={type} value={type}>
                        {labelOf('dataSourceType', type)}
                      </MenuItem>
                    ))}
                  </TextField>
                </Grid>
                <Grid item xs={12} sm={8}>
                  <TextField
                    id={inputId('host')}
                    label="Host"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.host}
                    placeholder={placeholders.host}
                    onChange={e => update(index, { host: e.target.value })}
                    {...fieldError('host')}
                  />
                </Grid>
                <Grid item xs={12} sm={4}>
                  <TextField
                    id={inputId('port')}
                    label="Port"
                    required
                    fullWidth
                    type="number"
                    disabled={disabled}
                    value={item.port ?? ''}
                    inputProps={{ min: 1, max: 65535 }}
                    onChange={e =>
                      update(index, {
                        port:
                          e.target.value === ''
                            ? undefined
                            : Number(e.target.value),
                      })
                    }
                    {...fieldError('port')}
                  />
                </Grid>
                <Grid item xs={12} sm={6}>
                  <TextField
                    id={inputId('database')}
                    label="Database"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.database}
                    placeholder={placeholders.database}
                    onChange={e => update(index, { database: e.target.value })}
                    {...fieldError('database')}
                  />
                </Grid>
                <Grid item xs={12} sm={6}>
                  <TextField
                    id={inputId('user')}
                    label="User"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.user}
                    placeholder={placeholders.user}
                    onChange={e => update(index, { user: e.target.value })}
                    {...fieldError('user')}
                  />
                </Grid>
                <Grid item xs={12} sm={6}>
                  <TextField
                    id={inputId('password')}
                    label={placeholders.password}
                    type="password"
                    fullWidth
                    autoComplete="new-password"
                    disabled={disabled || !item.name}
                    value={
                      item.name ? passwordOf(item) : unnamedPasswords[row] ?? ''
                    }
                    onChange={e => setPassword(index, e.target.value)}
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
                  <TextField
                    select
                    id={inputId('tlsMode')}
                    label="TLS mode"
                    required
                    fullWidth
                    disabled={disabled}
                    value={item.tlsMode}
                    onChange={e =>
                      update(index, {
                        tlsMode: e.target.value as DataSourceItem['tlsMode'],
                      })
                    }
                    {...fieldError('tlsMode')}
                  >
                    {TLS_MODES.map(mode => (
                      <MenuItem key={mode} value={mode}>
                        {labelOf('tlsMode', mode)}
                      </MenuItem>
                    ))}
                  </TextField>
                </Grid>
              </Grid>
              <Box display="flex" alignItems="center" mt={2}>
                <Button
                  variant="outlined"
                  color="primary"
                  disabled={disabled || !canTest}
                  onClick={() => testConnection(index)}
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
                  onClick={() => remove(index)}
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
      })}
      <Button
        variant="outlined"
        startIcon={<AddIcon />}
        disabled={disabled || items.length >= MAX_DATA_SOURCES}
        onClick={add}
      >
        Add data source
      </Button>
    </Box>
  );
};
