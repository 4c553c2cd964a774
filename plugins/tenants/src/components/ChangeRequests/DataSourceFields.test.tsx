import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { buildTenant } from '../../__testUtils__/tenants';
import {
  DataSourceFields,
  dataSourceChangeTemplateLink,
} from './DataSourceFields';
import { diffLine } from './presentation';

describe('data sources in the change request form', () => {
  it('lists the data sources and sends their changes to the template, filled in for the tenant', async () => {
    const tenant = buildTenant({ state: 'ready' });
    await renderInTestApp(<DataSourceFields spec={tenant.spec} />);

    expect(
      screen.getByText(
        /postgresql db\.acme\.example:5432, database analytics, user reporting, TLS require/,
      ),
    ).toBeInTheDocument();
    const slug = tenant.spec.details.slug;
    expect(
      screen
        .getByRole('link', { name: 'Add a data source' })
        .getAttribute('href'),
    ).toBe(dataSourceChangeTemplateLink(slug));
    expect(
      screen
        .getByRole('link', { name: 'Edit or remove data source warehouse' })
        .getAttribute('href'),
    ).toBe(dataSourceChangeTemplateLink(slug, 'warehouse'));
    expect(dataSourceChangeTemplateLink(slug, 'warehouse')).toBe(
      `/create/templates/default/tenant-data-source-change?formData=${encodeURIComponent(
        JSON.stringify({ tenant: slug, operation: 'edit', name: 'warehouse' }),
      )}`,
    );
    expect(screen.getByText(/keeps it out of the request/)).toBeInTheDocument();
  });

  it('reads a data source’s diff entry without a password', () => {
    expect(
      diffLine({
        field: 'dataSources.crm',
        from: [],
        to: [
          'postgresql db.example.com:5432',
          'database crm',
          'user app',
          'TLS require',
          'new password',
        ],
      }),
    ).toBe(
      'Data source crm: None → postgresql db.example.com:5432, database crm, user app, TLS require, new password',
    );
  });
});
