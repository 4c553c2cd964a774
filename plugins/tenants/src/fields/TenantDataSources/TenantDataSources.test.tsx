import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { recordingValidation, renderField } from '../__testUtils__';
import { TenantDataSources } from './TenantDataSources';
import {
  DataSourceItem,
  dataSourceListProblems,
  tenantDataSourcesValidation,
} from './validation';

jest.setTimeout(30_000);

const schema = { title: 'Database connections', type: 'array' };
const warehouse: DataSourceItem = {
  name: 'warehouse',
  type: 'postgresql',
  host: 'db.acme.example',
  port: 5432,
  database: 'analytics',
  user: 'reporting',
  tlsMode: 'require',
};

async function fill(group: HTMLElement, label: string, value: string) {
  const input = within(group).getByLabelText(new RegExp(`^${label}`));
  await userEvent.clear(input);
  await userEvent.click(input);
  await userEvent.paste(value);
}

describe('TenantDataSources', () => {
  it('keeps the password in the scaffolder secrets, never in the form data', async () => {
    const field = await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [],
      schema,
      api: {},
    });
    expect(screen.getByText(/No data sources yet/)).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Add data source' }),
    );
    const group = screen.getByRole('group', { name: 'Data source 1' });
    expect(within(group).getByLabelText(/^Password/)).toBeDisabled();
    await fill(group, 'Name', 'warehouse');
    await fill(group, 'Host', 'db.acme.example');
    await fill(group, 'Database', 'analytics');
    await fill(group, 'User', 'reporting');
    await fill(group, 'Password', 's3cr3t-pw');

    expect(field.current()).toEqual([
      { ...warehouse, passwordSecret: 'dataSourcePassword_warehouse' },
    ]);
    expect(field.secrets()).toMatchObject({
      dataSourcePassword_warehouse: 's3cr3t-pw',
    });
    expect(JSON.stringify(field.values)).not.toContain('s3cr3t');

    // Renaming the data source moves its secret along.
    await fill(group, 'Name', 'dwh');
    expect(field.current()?.[0].passwordSecret).toBe('dataSourcePassword_dwh');
    expect(field.secrets()).toMatchObject({
      dataSourcePassword_dwh: 's3cr3t-pw',
      dataSourcePassword_warehouse: '',
    });

    // Removing it clears the secret.
    await userEvent.click(
      within(group).getByRole('button', { name: 'Remove' }),
    );
    expect(field.current()).toEqual([]);
    expect(field.secrets()).toMatchObject({ dataSourcePassword_dwh: '' });
    expect(JSON.stringify(field.values)).not.toContain('s3cr3t');
  });

  it('fills in the usual port when the type changes', async () => {
    const field = await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [warehouse],
      schema,
      api: {},
    });
    const group = screen.getByRole('group', {
      name: 'Data source 1: warehouse',
    });
    await userEvent.click(
      within(group).getByRole('button', { name: /PostgreSQL/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'MySQL' }));
    expect(field.current()?.[0]).toMatchObject({ type: 'mysql', port: 3306 });
  });

  it('tests the connection with the password and shows success', async () => {
    const testDataSource = jest.fn(async () => ({
      ok: true as const,
      message: 'connected as reporting',
      latencyMs: 12.3,
      serverVersion: 'PostgreSQL 16.4',
    }));
    await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [{ ...warehouse, passwordSecret: 'dataSourcePassword_warehouse' }],
      initialSecrets: { dataSourcePassword_warehouse: 'pw' },
      schema,
      api: { testDataSource },
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText('Connection succeeded: connected as reporting'),
    ).toBeInTheDocument();
    expect(screen.getByText('12 ms · PostgreSQL 16.4')).toBeInTheDocument();
    expect(testDataSource).toHaveBeenCalledWith({
      name: 'warehouse',
      type: 'postgresql',
      host: 'db.acme.example',
      port: 5432,
      database: 'analytics',
      user: 'reporting',
      tlsMode: 'require',
      password: 'pw',
    });
  });

  it("shows the driver's error in plain words", async () => {
    await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [warehouse],
      schema,
      api: {
        testDataSource: async () => ({
          ok: false as const,
          message: 'password authentication failed for user "reporting"',
        }),
      },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText(
        'Connection failed: password authentication failed for user "reporting"',
      ),
    ).toBeInTheDocument();
  });

  it("shows the Tenant Service's message when it rejects the test", async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message: 'Invalid data source: port: too big',
        },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [warehouse],
      schema,
      api: { testDataSource: () => Promise.reject(error) },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText(
        'Connection failed: Invalid data source: port: too big',
      ),
    ).toBeInTheDocument();
  });

  it('offers the test only for a complete data source and shows its problems', async () => {
    await renderField<DataSourceItem[]>(TenantDataSources, {
      name: 'dataSources',
      value: [{ ...warehouse, name: 'Ware House', host: '' }],
      schema,
      api: {},
    });
    expect(
      screen.getByText(
        'Data source name must be lowercase letters, digits and dashes',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Test connection' }),
    ).toBeDisabled();
    await waitFor(() =>
      expect(screen.queryByText('Host is required')).not.toBeInTheDocument(),
    );
  });
});

describe('tenantDataSourcesValidation', () => {
  it('names each data source with its problems and duplicate names', () => {
    expect(
      dataSourceListProblems([
        warehouse,
        { ...warehouse, host: '', port: 70000 },
        { ...warehouse, name: '' },
      ]),
    ).toEqual([
      'Data source 2 (warehouse): Host is required',
      'Data source 2 (warehouse): Port must be a whole number from 1 to 65535',
      'Data source 3: Name is required',
      "Data source name 'warehouse' is used more than once",
    ]);
  });

  it('accepts valid data sources and an empty list', () => {
    const { errors, validation } = recordingValidation();
    tenantDataSourcesValidation(
      [warehouse, { ...warehouse, name: 'crm', type: 'mysql', port: 3306 }],
      validation,
      {} as any,
    );
    tenantDataSourcesValidation([], validation, {} as any);
    expect(errors).toEqual([]);
  });
});
