import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  CLOUD_PROVIDERS,
  tenantCreatePermission,
  tenantRolloutPermission,
  TENANTS_ALL_SIGNAL_CHANNEL,
  type PlatformVersionsResponse,
  type TenantStatusSignal,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { TenantListItem, tenantsApiRef } from '../../api/TenantsApi';
import { ChangeRequestsCard } from '../ChangeRequests';
import {
  BehindBanner,
  PlatformVersionCell,
  UpgradePreviewDialog,
  usePlatformVersions,
} from '../PlatformVersion';
import { TenantDriftChip } from '../TenantDrift';
import { TenantStateChip } from '../TenantProvisioning/TenantStateChip';
import {
  TenantFilters,
  type PlatformVersionFilter,
  type TenantFilterValues,
} from './TenantFilters';

/** Columns the Tenant Service sorts by, by table field. */
const ORDER_BY: Record<string, 'name' | 'state' | 'createdAt' | 'updatedAt'> = {
  name: 'name',
  state: 'state',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

const date = (iso: string) => new Date(iso).toLocaleString();

/** `behind` of the list query for the Platform version filter. */
function behindOf(filter?: PlatformVersionFilter): boolean | undefined {
  if (!filter) return undefined;
  return filter === 'behind';
}

function columnsOf(
  platform: PlatformVersionsResponse | undefined,
  onPreview: ((tenant: TenantListItem) => void) | undefined,
): TableColumn<TenantListItem>[] {
  return [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      render: t => (
        <>
          <EntityRefLink
            entityRef={{ kind: 'resource', namespace: 'default', name: t.slug }}
            title={t.name}
          />
          <Typography variant="caption" display="block" color="textSecondary">
            {t.slug}
          </Typography>
        </>
      ),
    },
    {
      title: 'State',
      field: 'state',
      render: t => <TenantStateChip state={t.state} />,
    },
    {
      title: 'Tier',
      sorting: false,
      render: t =>
        `${t.spec.details.billingTier} / ${t.spec.infrastructure.resourceTier}`,
    },
    {
      title: 'Placement',
      sorting: false,
      render: t => (
        <>
          {`${t.spec.infrastructure.cloudProvider} / ${t.spec.infrastructure.region}`}
          <Typography variant="caption" display="block" color="textSecondary">
            {t.cluster ?? 'no cluster yet'}
          </Typography>
        </>
      ),
    },
    {
      title: 'Drift',
      sorting: false,
      render: t => <TenantDriftChip drift={t.drift} />,
    },
    {
      title: 'Platform version',
      sorting: false,
      render: t => (
        <PlatformVersionCell
          version={t.platformVersion}
          platform={platform}
          onPreview={
            onPreview && t.state === 'ready' ? () => onPreview(t) : undefined
          }
        />
      ),
    },
    {
      title: 'Created',
      field: 'createdAt',
      defaultSort: 'desc',
      render: t => date(t.createdAt),
    },
    {
      title: 'Last change',
      field: 'updatedAt',
      render: t => date(t.updatedAt),
    },
  ];
}

/**
 * The tenants of the data platform: filtered, searched, sorted and paged by
 * the Tenant Service (which only returns the tenants the user may read:
 * platform admins see all, tenant admins their own), each with its last drift
 * check and its platform version (marked when behind the one in force, with
 * a preview of the upgrade for platform admins). Rows link to the tenant's
 * catalog entity; the list refreshes when any tenant changes. When tenants
 * are behind, a line says how many, with "Start rollout" for platform
 * admins.
 *
 * @public
 */
export function TenantsPage() {
  const tenantsApi = useApi(tenantsApiRef);
  const [filters, setFilters] = useState<TenantFilterValues>({});
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchInput.trim()), 300, [searchInput]);
  const [totalCount, setTotalCount] = useState<number>();
  const [error, setError] = useState<Error>();
  const [seenClusters, setSeenClusters] = useState<string[]>([]);
  const tableRef = useRef<any>();

  // Clusters to filter by: those the wizard offers (to those who may create
  // tenants, who may read the placement) and those of the tenants listed.
  const { allowed: canCreate } = usePermission({
    permission: tenantCreatePermission,
  });
  const { value: placementClusters } = useAsync(async () => {
    if (!canCreate) return [];
    const results = await Promise.allSettled(
      CLOUD_PROVIDERS.map(p => tenantsApi.getPlacement(p)),
    );
    return results.flatMap(r =>
      r.status === 'fulfilled' ? r.value.regions.flatMap(g => g.clusters) : [],
    );
  }, [tenantsApi, canCreate]);
  const clusters = useMemo(
    () => [...new Set([...(placementClusters ?? []), ...seenClusters])].sort(),
    [placementClusters, seenClusters],
  );

  // Platform admins (tenant.rollout) start rollouts and preview upgrades.
  const { allowed: canRollout } = usePermission({
    permission: tenantRolloutPermission,
  });
  const platform = usePlatformVersions();
  const [previewed, setPreviewed] = useState<TenantListItem>();
  const columns = useMemo(
    () => columnsOf(platform.value, canRollout ? setPreviewed : undefined),
    [platform.value, canRollout],
  );

  const query = useMemo(() => {
    const { platformVersion, ...rest } = filters;
    return {
      ...rest,
      behind: behindOf(platformVersion),
      search: search || undefined,
    };
  }, [filters, search]);

  const fetchPage = useCallback(
    async (page: {
      page: number;
      pageSize: number;
      orderBy?: { field?: unknown };
      orderDirection?: string;
    }) => {
      const orderBy = ORDER_BY[String(page.orderBy?.field ?? 'createdAt')];
      try {
        const result = await tenantsApi.listTenants({
          ...query,
          limit: page.pageSize,
          offset: page.page * page.pageSize,
          orderBy: orderBy ?? 'createdAt',
          order: page.orderDirection === 'asc' ? 'asc' : 'desc',
        });
        setTotalCount(result.totalCount);
        setError(undefined);
        const found = result.items.flatMap(t => (t.cluster ? [t.cluster] : []));
        setSeenClusters(current =>
          found.every(c => current.includes(c))
            ? current
            : [...new Set([...current, ...found])],
        );
        return {
          data: result.items,
          page: page.page,
          totalCount: result.totalCount,
        };
      } catch (e) {
        setError(e as Error);
        return { data: [], page: 0, totalCount: 0 };
      }
    },
    [tenantsApi, query],
  );

  // Any tenant's status change re-reads the current page.
  const { lastSignal } = useSignal<TenantStatusSignal>(
    TENANTS_ALL_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    const table = tableRef.current;
    if (lastSignal && table?.onQueryChange) {
      table.onQueryChange(table.state.query);
    }
  }, [lastSignal]);

  return (
    <Page themeId="tool">
      <Header
        title="Tenants"
        subtitle="Tenants of the data platform and their provisioning state"
      />
      <Content>
        <Box mb={3}>
          <ChangeRequestsCard />
        </Box>
        <BehindBanner platform={platform.value} canRollout={canRollout} />
        <TenantFilters
          values={filters}
          search={searchInput}
          clusters={clusters}
          onChange={setFilters}
          onSearchChange={setSearchInput}
        />
        {error && <ResponseErrorPanel error={error} />}
        <Table<TenantListItem>
          // A new query (filters, search) starts again at the first page.
          key={JSON.stringify(query)}
          tableRef={tableRef}
          title={`Tenants${totalCount === undefined ? '' : ` (${totalCount})`}`}
          options={{
            paging: true,
            pageSize: 20,
            pageSizeOptions: [20, 50, 100],
            search: false,
            sorting: true,
          }}
          columns={columns}
          data={fetchPage as any}
          localization={{
            body: {
              emptyDataSourceMessage: Object.keys(query).some(
                k => query[k as keyof typeof query] !== undefined,
              )
                ? 'No tenants match the filters.'
                : 'No tenants yet. Create one with the “Tenant provisioning” template.',
            },
          }}
        />
        {previewed && platform.value && (
          <UpgradePreviewDialog
            tenant={previewed}
            targetVersion={platform.value.current}
            onClose={() => setPreviewed(undefined)}
          />
        )}
      </Content>
    </Page>
  );
}
