import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Tenant, tenantsApiRef } from '../../api/TenantsApi';

const columns: TableColumn<Tenant>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Slug', field: 'slug' },
  { title: 'State', field: 'state' },
  { title: 'Billing tier', render: t => t.spec.details.billingTier },
  { title: 'Resource tier', render: t => t.spec.infrastructure.resourceTier },
  {
    title: 'Provider / region',
    render: t =>
      `${t.spec.infrastructure.cloudProvider} / ${t.spec.infrastructure.region}`,
  },
  { title: 'Cluster', render: t => t.cluster ?? '—' },
  { title: 'Created', render: t => new Date(t.createdAt).toLocaleString() },
];

/** The list of tenants of the data platform. */
export function TenantsPage() {
  const tenantsApi = useApi(tenantsApiRef);
  const { value, loading, error } = useAsync(
    () => tenantsApi.listTenants(),
    [tenantsApi],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    content = (
      <Table<Tenant>
        title={`Tenants (${value?.totalCount ?? 0})`}
        options={{ paging: true, pageSize: 20, search: true }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <div style={{ padding: 16 }}>
            No tenants yet. Create one with the “Tenant provisioning” template.
          </div>
        }
      />
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Tenants"
        subtitle="Tenants of the data platform and their provisioning state"
      />
      <Content>{content}</Content>
    </Page>
  );
}
